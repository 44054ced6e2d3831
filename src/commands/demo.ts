// `stacklab demo` (what `npm start` runs): an ordered list of sections, each returning a JSON fragment and an HTML
// fragment; the fragments become reports/demo.json and reports/demo.html (chart.js inlined, so the page works
// offline): training on the custom kernels and on tfjs, stacked generalization, and transfer learning.
import path from 'node:path';
import type { Command } from 'commander';
import { adapterLine, closeEngine, type Engine, loadCsvDataset, escapeHtml, htmlPage, stackFragment, writeFileAtomic, writeJson } from '../node.js';
import { stackingDemo } from './demoStacking.js';
import { trainingDemo } from './demoTraining.js';
import { demoSection as transferDemoSection } from './transferDemo.js';
import { trainingFragment } from './demoTrainingReport.js';
import { nodeResultEnv, openCliEngine } from './cliEngine.js';

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

const sections: DemoSection[] = [
  {
    key: 'training',
    title: 'training on digits',
    run: async (engine, log) => {
      const demo = await trainingDemo(engine, loadCsvDataset('digits'), log);
      return { json: { ...demo }, html: trainingFragment(demo) };
    },
  },
  {
    key: 'stacking',
    title: 'stacked generalization on digits',
    run: async (engine, log) => {
      const result = await stackingDemo(engine, log);
      return { json: { ...result }, html: stackFragment(result) };
    },
  },
  { key: 'transfer', title: 'transfer learning: Fashion-MNIST 0–4 → 5–9, and digits 0–4 → 5–9 as a negative control', run: (engine, log) => transferDemoSection(engine, log) },
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

async function demoCommand(outDir: string): Promise<void> {
  const engine = await openCliEngine();
  try {
    const log = (line: string) => console.log(`  ${line}`);
    console.log(adapterLine(engine.facts));
    const json: Record<string, unknown> = { env: nodeResultEnv(engine) };
    const html: string[] = [];
    for (const section of sections) {
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
  return htmlPage('stacklab demo', `<h1>stacklab demo</h1>\n<p>${escapeHtml(adapter)}</p>\n${sectionsHtml.join('\n')}`);
}
