// The engine every test shares: Dawn in Node, navigator.gpu in the browser (chosen by the bundle).
import type { Engine } from '../../src/gpu/engine.js';
import { openHostEngine } from '#host-engine';

let engine: Promise<Engine> | undefined;

export function testEngine(): Promise<Engine> {
  engine ??= openHostEngine();
  return engine;
}
