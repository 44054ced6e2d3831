// Options several subcommands share, so they read the same everywhere.
import { Option } from 'commander';

export type HostChoice = 'node' | 'browser';

export function hostOption(): Option {
  return new Option('--host <host>', 'where the engine runs: node (Dawn) or browser (headless Chromium)').choices(['node', 'browser']).default('node');
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}
