/// <reference types="@webgpu/types" preserve="true" />
/**
 * stacklab's public API for any host with a GPUDevice (a browser page, or Node through `stacklab/node`): the engine
 * and its GPU arrays, every kernel family, the MLP and the model axis, the learners and the stack, the transfer
 * experiment, the bench harness, the tfjs binding and drop-in, and the error family. Nothing here touches the file
 * system: the loaders, result files, HTML reports and the browser host are in `stacklab/node`, which re-exports all
 * of this. Everything the CLI and the browser page use comes through here (or stacklab/node); nothing below
 * imports this file.
 *
 * Open an engine, put arrays on its device, run a kernel, read the result back:
 *
 * ```ts
 * import { openEngine, createArray, matmul, readArray } from 'stacklab';
 * const engine = await openEngine(); // in Node: openNodeEngine() from 'stacklab/node'
 * const a = createArray(engine, 'A', [2, 3], [1, 2, 3, 4, 5, 6]);
 * const b = createArray(engine, 'B', [3, 2], [1, 0, 0, 1, 1, 1]);
 * const c = await matmul(engine, a, b); // C = A·B, [2, 2]
 * console.log(await readArray(engine, c)); // Float32Array [4, 5, 10, 11]
 * ```
 *
 * @module stacklab
 */

// The error family: BadInputError (the caller can fix it; the CLI exits 2) and EngineError (a GPU or engine fault; exit 1).
export {
  StacklabError,
  BadInputError,
  EngineError,
  ShapeError,
  GpuKernelError,
  DeviceLostError,
  NoAdapterError,
  BufferTooLargeError,
  ArgumentError,
  DtypeError,
  FileFormatError,
  DisposedError,
  MissingFeatureError,
  TfjsBackendError,
  InternalError,
  KernelTimeoutError,
} from './errors.js';
export { CsvError } from './data/csvError.js';
export { DataFileError, DatasetMissingError, DataOptionError } from './data/dataErrors.js';
export { ModelFormatError, UnknownLayerError, MissingWeightFileError, WeightSizeError } from './nn/modelErrors.js';
export { NotFittedError, LearnerFitError } from './ensemble/errors.js';
export { TransferOptionError, FeatureColumnsError } from './transfer/errors.js';
export { KernelSourceError, KernelRejectedError, type ShapeFailure } from './bench/userKernel/errors.js';

// The engine: one device shared by the kernels and tfjs.
export {
  openEngine,
  closeEngine,
  assertAlive,
  defaultEngineSettings,
  type Engine,
  type EngineSettings,
  type OpenEngineOptions,
  type HostName,
  type TfjsKernels,
  type ConvBackendChoice,
} from './gpu/engine.js';
export { adapterLine, type AdapterFacts } from './gpu/adapterFacts.js';
export { adapterKey, type TuningTable } from './gpu/tuning.js';
export { GpuMemory, type GpuMemoryCounts } from './gpu/gpuMemory.js';

// GPU arrays, owner scopes, kernel calls and the recorder.
export { createArray, writeArray, readArray, readArrayU32, destroyArray, reshape, elementCount, type GpuArray, type ElementType } from './gpu/gpuArray.js';
export { GpuScope, withScope } from './gpu/gpuScope.js';
export { makeCall, groups, type KernelCall, type Binding } from './gpu/kernelCall.js';
export { getPipeline, type KernelPipeline, type PipelineSource } from './gpu/pipelines.js';
export { Recorder, run, finished, type PassTimer } from './gpu/recorder.js';
export { QueryTimer, type PassTime } from './gpu/queryTimer.js';
export { withErrorScope } from './gpu/errorScope.js';
export { specialize } from './gpu/wgsl.js';

// Kernel families: a convenience call, a prepare/record pair, and a float64 reference each.
export { matmul, prepareMatmul, prepareMatmulSteps, matmulDims, type MatmulOptions } from './kernels/matmul.js';
export { chooseMatmulVariant, applicableVariants, shapeBucket, type ChooseOptions } from './kernels/matmulTuning.js';
export {
  matmulVariants,
  matmulVariantByName,
  deviceMisfit,
  shapeMisfit,
  threadsOf,
  workgroupBytes,
  type MatmulVariant,
  type MatmulDims,
  type MatmulLayout,
  type MatmulShader,
} from './kernels/matmulVariants.js';
export { matmulReference, type MatmulShape } from './kernels/matmul.reference.js';
export { denseForward, denseBackward, prepareDenseForward, prepareDenseBackward, activations, type Activation, type DenseBackwardArgs } from './kernels/dense.js';
export { denseForwardReference, denseBackwardReference, type DenseDims } from './kernels/dense.reference.js';
export {
  conv2d,
  prepareConv2d,
  conv2dGeometry,
  conv2dVariants,
  chooseConv2dVariant,
  type Conv2dOptions,
  type Conv2dOperands,
  type Conv2dGeometry,
  type Conv2dPadding,
  type Conv2dVariant,
} from './kernels/conv2d.js';
export { conv2dReference } from './kernels/conv2d.reference.js';
export { fusedMatmul, prepareFusedMatmul, fusedMatmulDims, type FusedMatmulOptions, type FusedMatmulOperands, type FusedMatmulDims } from './kernels/fusedMatmul.js';
export { fusedMatmulReference, type BroadcastOperand } from './kernels/fusedMatmul.reference.js';
export { fusedActivations, type FusedActivation } from './kernels/fusedActivation.js';
export { fusedActivationReference } from './kernels/fusedActivation.reference.js';
export { softmaxCrossEntropy, softmax, prepareSoftmaxCrossEntropy, prepareSoftmax, regressionLoss, prepareRegressionLoss, paddingTarget, type RegressionLoss } from './kernels/loss.js';
export { softmaxReference, softmaxCrossEntropyReference, regressionLossReference } from './kernels/loss.reference.js';
export { combine, combineGradient, prepareCombine, prepareCombineGradient } from './kernels/combine.js';
export { combineReference, combineGradientReference, combineWeightsReference, type CombineShape } from './kernels/combine.reference.js';
export {
  prepareSgdMomentum,
  setSgdHyper,
  createAdamState,
  setAdamHyper,
  setAdamRates,
  prepareAdamStep,
  prepareAdam,
  defaultAdamHyper,
  type SgdHyper,
  type SgdCall,
  type AdamHyper,
  type AdamRates,
  type AdamState,
  type AdamGate,
} from './kernels/optim.js';
export { sgdMomentumReference, adamReference } from './kernels/optim.reference.js';
export { squaredDistances, prepareSquaredDistances } from './kernels/distance.js';
export { squaredDistancesReference } from './kernels/distance.reference.js';
export { topK, prepareTopK } from './kernels/topk.js';
export { topKReference } from './kernels/topk.reference.js';
export { nearest, prepareNearest } from './kernels/nearest.js';
export { nearestReference } from './kernels/nearest.reference.js';
export { gatherRows, prepareGatherRows, type GatherOptions } from './kernels/gather.js';
export { gatherRowsReference } from './kernels/gather.reference.js';

// tfjs on the engine's device, and stacklab's kernels under tfjs models.
export { bindTfjs, tensorFromArray, arrayFromTensor, submitTfjsWork, tf, type BorrowedArray } from './gpu/tfjsBackend.js';
export { useStacklabKernels, stacklabKernelsBySetting, TfjsDropInError, type StacklabKernelsHandle, type ReplacedKernel } from './kernels/tfjsDropIn.js';

// Tabular data in memory: datasets, splits, folds, metrics.
export { selectRows, selectColumns, classCounts, type Dataset } from './data/dataset.js';
export { parseCsvDataset, type CsvOptions } from './data/csv.js';
export { describeDialect, sniffDialect, type CsvDialect, type CsvDialectOptions } from './data/csvDialect.js';
export type { TypeOverrides } from './data/columnTypes.js';
export type { FeatureColumn, FeatureKind } from './data/schema.js';
export { fitEncoder, applyEncoder, maxOneHotCategories, type Encoder, type ColumnEncoding } from './data/encode.js';
export { parseClassSelection, selectClasses } from './data/classSelection.js';
export {
  trainTestSplit,
  trainValidationTestSplit,
  stratifiedSplit,
  type TrainTest,
  type TrainValidationTest,
  type SplitIndices,
} from './data/split.js';
export { stratifiedKFold, shuffledKFold } from './data/kfold.js';
export { standardizeSplit, standardizedSplit, applyStandardizer, fitTargetScaler, scaleTargets, unscaleTargets, type Standardizer, type StandardizeOptions, type TargetScaler } from './data/standardize.js';
export { accuracy, argmaxRows, confusionMatrix, regressionReport, regressionLine, type RegressionReport } from './data/metrics.js';
export { detectTask, maxIntegerClasses, requireClasses, type Task } from './data/task.js';
export { classificationReport, majorityWarning, reportLines, type ClassificationReport, type ClassScores } from './data/classReport.js';
export { median, quantile } from './data/quantiles.js';
export { meanSd, type MeanSd } from './data/summary.js';
export { seededRandom, randomFloats, permutation, type Random } from './data/random.js';
export { isImageDataset, type ImageDataset, type ImageSize, type ImageSplit } from './data/imageDataset.js';

// The MLP on the custom kernels, the model axis (many MLPs in one dispatch), and the experiments built on them.
export { Mlp } from './nn/mlp.js';
export { type TrainingRows } from './nn/trainingPlan.js';
export { MlpBatch, type MlpBatchMember, type MlpBatchOptions } from './nn/mlpBatch.js';
export { type MemberHistory } from './nn/earlyStopping.js';
export { mlpSpec, describeSpec, type MlpSpec, type DenseSpec, type LayerWeights } from './nn/mlpSpec.js';
export { defaultTrainOptions, type TrainOptions, type TrainHistory, type ClassWeight } from './nn/trainOptions.js';
export { runExperiment, disposeExperiment, type ExperimentOptions, type ExperimentResult, type Implementation } from './nn/experiment.js';
export {
  runRegressionExperiment,
  disposeRegressionExperiment,
  type RegressionExperimentOptions,
  type RegressionExperimentResult,
} from './nn/regressionExperiment.js';
export { runRepeatedExperiment, type RepeatedExperimentOptions, type RepeatedExperimentResult, type SplitRun } from './nn/repeatedExperiment.js';
export { runSweep, type SweepOptions, type SweepResult, type SweepCell } from './nn/sweep.js';
export { mlpToLayersModel, mlpFromLayersModel, standardizerMetadata, type ModelMetadata } from './nn/layersModel.js';
export { buildTfjsMlp, fitTfjsMlp } from './nn/tfjsMlp.js';
export { type QuantizedDtype } from './nn/weightManifest.js';

// Stacked generalization: learners, meta-learners, the stack and its experiment.
export { type Learner, type Matrix, type LearnerFactory, type FoldFit, type FoldModels } from './ensemble/learner.js';
export { type FoldLayout } from './ensemble/foldLayout.js';
export { learnerFactories, baseLearners, classWeightedLearners, metaKinds, metaLearner, regressorFactories, baseRegressors } from './ensemble/registry.js';
export { type Regressor, type RegressorFactory } from './ensemble/regressor.js';
export { RegressionStack, type RegressionStackOptions, type RegressionStackFit, type BaseRegressorSpec } from './ensemble/regressionStack.js';
export { regressionMetaKinds, fitRegressionMeta, combinePredictions, type RegressionMetaKind, type RegressionCombination } from './ensemble/regressionMeta.js';
export { runRegressionStackExperiment, type RegressionStackExperimentOptions, type RegressionStackResult } from './ensemble/regressionStackExperiment.js';
export { type MetaLearner, type MetaKind, type MetaWeights } from './ensemble/metaLearner.js';
export {
  Stack,
  checkStackOptions,
  totalFitMs,
  type StackOptions,
  type StackFit,
  type BaseLearnerSpec,
  type LearnerSeed,
  type BaseFitMs,
} from './ensemble/stack.js';
export { runStackExperiment, type StackExperimentOptions, type StackResult } from './ensemble/stackExperiment.js';

// Transfer learning: a pretrained tfjs model cut, frozen, given a new head and fine-tuned.
export {
  runTransferExperiment,
  type ExperimentOptions as TransferExperimentOptions,
  type ExperimentResult as TransferExperimentResult,
  type TransferRun,
  type MethodSummary,
} from './transfer/experiment.js';
export { splitTransferData, testSubset, type TransferData } from './transfer/transferData.js';
export { methodNames, type MethodName } from './transfer/methods/method.js';
export { chooseMicroBatch, type MicroBatchChoice } from './transfer/microBatch.js';
export { estimateActivations, type ActivationEstimate } from './transfer/activationMemory.js';
export { withConvBackend, activateConvBackend, type ConvBackend } from './transfer/convBackend.js';
export { readCheckedArtifacts, modelFromArtifacts } from './transfer/modelArtifacts.js';
export { cutBase, type CutBase } from './transfer/cut.js';
export { type FashionSourceShape } from './transfer/fashionSource.js';
export { type TrainSettings } from './transfer/setup.js';
export { freezeLayers, unfreezeTop } from './transfer/freeze.js';
export { newHead } from './transfer/head.js';
export { parseImageSize, inputOptions, transferInputs, modelInputImage, type InputOptions, type GivenInputOptions } from './transfer/modelInput.js';
export { describeInputs, type InputPreparation } from './transfer/inputPreparation.js';
export { savedPreprocessing, applySavedPreprocessing, type SavedPreprocessing } from './transfer/savedInputs.js';
export { parseSampleCounts, type SampleCount } from './transfer/samples.js';
export { noProgress, type ProgressSink, type ProgressTask } from './transfer/progress.js';

// Result files' env block.
export { resultEnv, type ResultEnv } from './results/env.js';

// The bench harness: suites, user kernels, measurement, statistics, and report writers that return text.
export { runBench, progressPrefix, type BenchOptions, type BenchProgress } from './bench/runBench.js';
export { suites, suiteNames, findSuites } from './bench/suites/index.js';
export { type Suite, type SuiteContext, type CaseSpec, type PreparedCase, type Sweep } from './bench/suite.js';
export { modelKind, type BenchModel, type BenchModelKind, type BenchRows } from './bench/benchModel.js';
export { type KernelBreakdown, type KernelRow, type ModelMemory, type DropInCalls } from './bench/kernelBreakdown.js';
export { type KernelClock } from './bench/kernelTimer.js';
export { kernelTables, formatBytes, type KernelTable } from './bench/reports/kernels.js';
export { type Impl, type GpuTimes, type Launch } from './bench/impl.js';
export { type BenchRun, type CaseResult, type BenchComparison, type TraceSlice } from './bench/results.js';
export { parseShapes, rangeShapes } from './bench/shapes.js';
export { measurePeak, attainableGflops, type AdapterPeak, type PeakRun } from './bench/peak.js';
export { measureSteady, type MeasureOptions, type SteadyOptions, type Measurement, type Phases, type Span } from './bench/measure.js';
export { defaultBudgetMs, type DispatchBudget } from './bench/watchdog.js';
export { summarize, outlierRule, type Summary } from './bench/stats.js';
export { compareWithBounds, type Comparison } from './bench/agreement.js';
export { quantumThresholdNs, type GpuClockVerdict, type GpuClockStatus } from './bench/gpuClock.js';
export { timeVariant, type VariantTiming } from './bench/tuneMeasure.js';
export {
  tuneUserKernel,
  definesText,
  type KernelTuneOptions,
  type KernelTuneResult,
  type TuneCandidate,
  type CandidateTiming,
  type TunedShape,
} from './bench/userKernel/autotune.js';
export { parseHeader, kernelName, type UserKernelSource, type KernelHeader } from './bench/userKernel/header.js';
export { kernelContracts, type KernelContract, type BindingSpec, type EntrySpec, type Dims } from './bench/userKernel/contracts.js';
export { type KernelCheck, type ShapeCheck } from './bench/userKernel/check.js';
export { parseToleranceOption, toleranceText, outputBounds, type Tolerance, type OutputBounds, type ReferenceOutput } from './bench/userKernel/tolerance.js';
export { markdownReport, adapterName } from './bench/reports/markdown.js';
export { describePeak } from './bench/reports/roofline.js';
export { traceFile, type TraceFile, type TraceEvent } from './bench/reports/trace.js';
export { compareWithBaseline, describeRegressions, regressionRule, type SavedRun, type BaselineComparison, type Regression } from './bench/reports/baseline.js';
