/**
 * stacklab's Node-only API, beside everything of `stacklab` (re-exported here, so one import serves a Node
 * script): the Dawn adapter (a GPU's driver, else Chromium's SwiftShader), the file loaders (CSV, IDX,
 * Fashion-MNIST, image folders, model files, user kernel files), writing result files whole, the HTML reports
 * (chart.js read from the installed package) and the browser host (headless Chromium, or a running Chrome).
 *
 * ```ts
 * import { openNodeEngine, loadCsvDataset, runExperiment, disposeExperiment } from 'stacklab/node';
 * const engine = await openNodeEngine();
 * const result = await runExperiment(engine, loadCsvDataset('iris'), { impl: 'custom', hidden: [16] });
 * console.log(result.testAccuracy);
 * disposeExperiment(result);
 * ```
 *
 * @module stacklab/node
 */
export * from './index.js';

export { openNodeEngine, installedTfjsWasmFolder, type NodeEngineOptions } from './host/nodeEngine.js';
export { readTuneCache, loadTuneCache, writeTuneCache, defaultTuneCachePath } from './host/tuneCacheFile.js';
export { PeakMemory, type PeakMemoryReport } from './host/peakMemory.js';

export { loadCsvDataset, bundledDatasets, bundledDataDir, resolveDataPath } from './data/loadCsv.js';
export { loadDataSplit, type DataSplit, type DataSplitOptions } from './data/loadDataSplit.js';
export { loadFashionMnist, fashionMnistName, fashionMnistClasses, type FashionMnistOptions } from './data/fashionMnist.js';
export { readIdx, type IdxArray } from './data/idx.js';
export { loadImageFolder } from './data/imageFolder.js';
export { writeFileAtomic, writeJson } from './data/writeFiles.js';
export { modelFiles, saveMlp, loadMlp, type ModelFilesOptions } from './nn/modelFiles.js';
export { openModel, openModelArtifacts } from './transfer/openModel.js';
export { loadTransferData } from './transfer/loadTransferData.js';
export { pretrainDigits, pretrainDefaults, type SourceArch, type PretrainOptions, type PretrainResult } from './transfer/pretrain.js';
export { pretrainFashion, fashionPretrainDefaults, type FashionPretrainOptions, type FashionPretrainResult } from './transfer/pretrainFashion.js';
export { readKernels } from './host/kernelFiles.js';

export { gitCommit } from './results/gitCommit.js';
export { htmlPage, escapeHtml, scriptJson } from './results/htmlPage.js';
export { stackFragment, stackPage, stackRepeatsPage } from './results/stackReport.js';
export { regressionStackPage } from './results/regressionStackReport.js';
export { repeatsPage, plusMinus, type RepeatsPageSplit } from './results/repeatsReport.js';
export { sweepPage, type SweepPageInput } from './results/sweepReport.js';
export { transferFragment, transferHtml, type TransferReportInput } from './results/transferReport.js';
export { htmlReport } from './bench/reports/html.js';
export { terminalTable, terminalKernelTables } from './bench/reports/table.js';
export { profileTables } from './bench/reports/profile.js';
export { mergeRuns, mergedTable, mergedMarkdown, mergedHtml, mergedKernelTables, type MergedRuns, type MergedRow, type MergedColumn } from './bench/reports/merge.js';

export { openBrowserHost, defaultBrowserTimeoutMs, type BrowserHost, type BrowserHostOptions } from './host/browser.js';
export { callInBrowser, trainInBrowser, stackInBrowser, browserResultEnv, type HostRunOptions, type BrowserCallOptions } from './host/hostRun.js';
export { transferInBrowser, type BrowserTransferHooks } from './host/transferInBrowser.js';
export { openBenchModel, benchRows, serveBenchModel, benchModelUrlPath, type ServedBenchModel, type LocalBenchModel } from './host/benchModelFiles.js';
export { type PageTrainRun, type PageDataset, type ExperimentSummary } from './protocol/runData.js';
export { type PageTransferOptions, type PageTransferRun, type PageMemoryReport } from './protocol/transferData.js';
