// Loads a CSV through the public API (stacklab/node) and prints rows, columns, seconds and peak RSS, for the
// "Tables at scale" section of docs/results.md. Usage: node bench/tables/load.mjs FILE.csv (after npm run build).
import { loadCsvDataset } from '../../dist/lib/node.js';

const file = process.argv[2];
const started = performance.now();
const dataset = loadCsvDataset(file, {}, (line) => console.error(line));
const seconds = (performance.now() - started) / 1000;
const peakMiB = process.resourceUsage().maxRSS / 1024;
const matrixMiB = (dataset.rows * dataset.cols * 4) / 2 ** 20;
console.log(JSON.stringify({ file, rows: dataset.rows, cols: dataset.cols, seconds: Number(seconds.toFixed(1)), peakRssMiB: Math.round(peakMiB), float32MatrixMiB: Math.round(matrixMiB) }));
