import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseShapes } from '../../src/commands/tune.js';
import { readTuneCache, writeTuneCache } from '../../src/node.js';

const test = suite('tune');

test('--shapes takes MxNxK lists and names the item it cannot read', () => {
  assert.equal(parseShapes('1024x1024x1024, 64x10x8192'), [{ M: 1024, N: 1024, K: 1024 }, { M: 64, N: 10, K: 8192 }]);
  assert.throws(() => parseShapes('64x64'), /--shapes: "64x64" is not MxNxK/);
  assert.throws(() => parseShapes('64x0x3'), /"64x0x3"/);
});

test('the tune cache round-trips, is absent without a file, and a foreign file is an error naming it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklab-tune-'));
  try {
    const file = path.join(dir, 'nested', 'tune.json');
    assert.is(readTuneCache(file), null);
    const table = { version: 1 as const, adapters: { 'a / b / c': { adapter: { vendor: 'a', architecture: 'b', description: 'c' }, date: '2026-11-26', winners: { '64x64x64': 'tile64x64x16-t4x4' } } } };
    writeTuneCache(table, file);
    assert.equal(readTuneCache(file), table);
    fs.writeFileSync(file, '{"results": []}');
    assert.throws(() => readTuneCache(file), (e: Error) => e.message.includes(file) && /not a version 1 tune cache/.test(e.message));
    fs.writeFileSync(file, '{');
    assert.throws(() => readTuneCache(file), /not JSON/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
