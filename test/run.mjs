// `npm test`: every test in Node (Dawn), then the host-agnostic ones inside headless Chromium.
// Ends with one "N passed, N failed" line counting uvu's tests over both hosts.
import { spawn } from 'node:child_process';

// `node test/run.mjs node` (or `browser`) runs one host only.
const only = process.argv[2];
const stages = [
  { name: 'node', file: 'dist/test/node.mjs' },
  { name: 'browser', file: 'dist/test/browser.mjs' },
].filter((stage) => !only || stage.name === only);

let passed = 0;
let failed = 0;
let broken = false;
for (const stage of stages) {
  console.log(`\n=== ${stage.name} tests (${stage.file})`);
  const output = await new Promise((resolve) => {
    const child = spawn(process.execPath, [stage.file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk;
    });
    child.on('close', (code) => resolve({ code, text }));
  });
  // uvu colours its summary; strip the escapes before reading the numbers.
  const plain = output.text.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1]);
  const ok = Number(/Passed:\s+(\d+)/.exec(plain)?.[1]);
  if (Number.isFinite(total) && Number.isFinite(ok)) {
    passed += ok;
    failed += total - ok;
  }
  if (output.code !== 0 || !Number.isFinite(total)) broken = true;
  console.log(`=== ${stage.name} tests: exit code ${output.code}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
