// The layer rules of the source tree, read from the files themselves: every relative import in src/ and bench/ runs
// from a higher layer to a lower one (or within a folder), no two modules import each other through any chain, the
// CLI, the page and the GPU-session script reach the library only through its public entry points, and the
// `stacklab` entry point never reaches a Node built-in (it must bundle for a browser).
import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/** Lower layers first; a module may import its own layer and the ones before it. */
const layers: [RegExp, number][] = [
  [/^src\/errors\.ts$/, 0],
  [/^src\/gpu\//, 1],
  [/^src\/(data|kernels)\//, 2],
  [/^src\/nn\//, 3],
  [/^src\/ensemble\//, 4],
  [/^src\/transfer\//, 5],
  [/^src\/results\//, 6],
  [/^src\/bench\//, 7],
  [/^src\/protocol\//, 8],
  [/^src\/host\//, 9],
  [/^src\/(index|node)\.ts$/, 10],
  [/^src\/(flags\.ts|terminal\/)/, 11],
  [/^src\/(commands|page)\//, 12],
  [/^(src\/cli\.ts|bench\/)/, 13],
];

/** What the consumers of the public API may import directly: the entry points, and the consumers' own helpers. */
const consumers = /^(src\/(commands|page|terminal)\/|src\/(cli|flags)\.ts$|bench\/)/;
const consumerMayImport = /^src\/(index\.ts|node\.ts|flags\.ts|terminal\/|commands\/|page\/|protocol\/)/;

function layerOf(file: string): number {
  const found = layers.find(([pattern]) => pattern.test(file));
  if (!found) throw new Error(`${file} belongs to no layer: add its folder to the layer list`);
  return found[1];
}

interface Module {
  relative: string[];
  packages: string[];
}

function readModules(): Map<string, Module> {
  const modules = new Map<string, Module>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.endsWith('.d.ts')) modules.set(file, parseImports(file));
    }
  };
  walk('src');
  walk('bench');
  return modules;
}

function parseImports(file: string): Module {
  const text = fs.readFileSync(file, 'utf8');
  const relative: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec.startsWith('.')) {
      const target = path.normalize(path.join(path.dirname(file), spec));
      if (!target.endsWith('.wgsl')) relative.push(target.replace(/\.js$/, '.ts'));
    } else packages.push(spec);
  }
  return { relative, packages };
}

const modules = readModules();
const test = suite('source layers');

test('every module sits in a layer, and imports only its own layer or lower ones', () => {
  const upward: string[] = [];
  for (const [file, { relative }] of modules) {
    for (const target of relative) {
      if (!modules.has(target)) throw new Error(`${file} imports ${target}, which does not exist`);
      if (layerOf(target) > layerOf(file)) upward.push(`${file} → ${target}`);
    }
  }
  assert.equal(upward, [], `imports running up a layer:\n${upward.join('\n')}`);
});

test('no import cycle, however long', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, chain: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...chain.slice(chain.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of modules.get(file)!.relative) visit(target, [...chain, file]);
    state.set(file, 'done');
  };
  for (const file of modules.keys()) visit(file, []);
  assert.equal(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});

test('the CLI, the page and bench/ reach the library only through stacklab and stacklab/node', () => {
  const deep: string[] = [];
  for (const [file, { relative }] of modules) {
    if (!consumers.test(file)) continue;
    for (const target of relative) {
      const allowed = consumerMayImport.test(target) && !(file.startsWith('src/page/') && target === 'src/node.ts');
      if (!allowed) deep.push(`${file} → ${target}`);
    }
  }
  assert.equal(deep, [], `deep imports from the API's consumers:\n${deep.join('\n')}`);
});

test('every progress bar is drawn by src/terminal/progressBars.ts, so each prints plain lines off a terminal', () => {
  const drawers = [...modules].filter(([, { packages }]) => packages.includes('cli-progress')).map(([file]) => file);
  assert.equal(drawers, ['src/terminal/progressBars.ts']);
});

test('the stacklab entry point reaches no Node built-in and no Node-only package', () => {
  const nodeOnly = /^(node:|webgpu$|puppeteer|cli-table3|cli-progress|pngjs|jpeg-js)/;
  const reached: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const { relative, packages } = modules.get(file)!;
    for (const spec of packages.filter((p) => nodeOnly.test(p))) reached.push(`${[...chain, file].join(' → ')} imports ${spec}`);
    for (const target of relative) visit(target, [...chain, file]);
  };
  visit('src/index.ts', []);
  assert.equal(reached, [], reached.join('\n'));
});

test.run();
