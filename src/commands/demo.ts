// `stacklab demo` (what `npm start` runs): an ordered list of sections, each returning a JSON fragment and an HTML
// fragment; the fragments become reports/demo.json and reports/demo.html (chart.js inlined, so the page works
// offline): training on the custom kernels and on tfjs, stacked generalization, and transfer learning.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCsvDataset } from '../data/loadCsv.js';
import { packageFile } from '../data/packageFile.js';
import { adapterLine } from '../gpu/adapterFacts.js';
import { closeEngine, type Engine } from '../gpu/engine.js';
import { hostAdapterSource, openHostEngine } from '../host/nodeEngine.js';
import { demoSection as stackingDemoSection } from '../ensemble/demoSection.js';
import { trainingDemoSection } from '../nn/demoSection.js';
import { demoSection as transferDemoSection } from '../transfer/demoSection.js';
import { resultEnv } from '../results/env.js';
import { gitCommit } from '../results/gitCommit.js';
import { writeFileAtomic, writeJson } from '../results/writeFiles.js';

export interface DemoFragment {
  json: Record<string, unknown>;
  html: string;
}

export interface DemoSection {
  /** The section's key in demo.json. */
  key: string;
  title: string;
  run(engine: Engine, log: (line: string) => void): Promise<DemoFragment>;
}

export const sections: DemoSection[] = [
  { key: 'training', title: 'training on digits', run: (engine, log) => trainingDemoSection(engine, loadCsvDataset('digits'), log) },
  { key: 'stacking', title: 'stacked generalization on digits', run: (engine, log) => stackingDemoSection(engine, log) },
  { key: 'transfer', title: 'transfer learning: digits 0–4 → 5–9', run: (engine, log) => transferDemoSection(engine, log) },
];

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('train on digits (custom kernels and tfjs), stack models, transfer a pretrained model; write reports/demo.json and reports/demo.html')
    .option('--out <dir>', 'where the two report files go', 'reports')
    .action(async (options: { out: string }) => {
      await demoCommand(options.out);
    });
}

export async function demoCommand(outDir: string, chosen: readonly DemoSection[] = sections): Promise<void> {
  const engine = await openHostEngine();
  try {
    const log = (line: string) => console.log(`  ${line}`);
    console.log(adapterLine(engine.facts));
    const json: Record<string, unknown> = { env: resultEnv(engine, hostAdapterSource(), { gitCommit: gitCommit() }) };
    const html: string[] = [];
    for (const section of chosen) {
      console.log(`${section.title}:`);
      const started = performance.now();
      const fragment = await section.run(engine, log);
      const seconds = (performance.now() - started) / 1000;
      log(`(${seconds.toFixed(1)} s)`);
      json[section.key] = { ...fragment.json, seconds };
      html.push(`<section id="${section.key}">\n${fragment.html}\n</section>`);
    }
    // Both files or neither: everything is computed before the first write.
    const page = demoPage(adapterLine(engine.facts), html);
    writeJson(path.join(outDir, 'demo.json'), json);
    writeFileAtomic(path.join(outDir, 'demo.html'), page);
    console.log(`wrote ${path.join(outDir, 'demo.json')} and ${path.join(outDir, 'demo.html')}`);
  } finally {
    closeEngine(engine);
  }
}

function demoPage(adapter: string, sectionsHtml: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stacklab demo</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
.chart { max-width: 48rem; }
</style>
<script>${chartJs()}</script>
</head>
<body>
<h1>stacklab demo</h1>
<p>${adapter}</p>
${sectionsHtml.join('\n')}
</body>
</html>
`;
}

/** chart.js's UMD build, read at run time from the package's node_modules. */
function chartJs(): string {
  return fs.readFileSync(packageFile('node_modules/chart.js/dist/chart.umd.js'), 'utf8');
}
