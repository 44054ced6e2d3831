// The engine every test shares: Dawn in Node, navigator.gpu in the browser (the test bundle picks the opener).
import type { Engine } from '../../src/index.js';
import { openTestEngine } from '#test-engine';

let engine: Promise<Engine> | undefined;

export function testEngine(): Promise<Engine> {
  engine ??= openTestEngine();
  return engine;
}
