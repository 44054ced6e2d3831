// Writes the image folder of the fine-tuning scale check in docs/results.md: 3 classes (red, green, blue) × 12 PNGs
// of 224×224 RGB noise, each pixel's channels uniform in 60–180 with the class's own channel 60 brighter, from a fixed
// seed: `node bench/transfer/imageFolder.mjs DIR`.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/transfer/imageFolder.mjs DIR');
  process.exit(2);
}
const classes = ['red', 'green', 'blue'];
const perClass = 12;
const size = 224;
// A linear congruential generator, so the folder is the same on every machine.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
for (const [c, name] of classes.entries()) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  for (let i = 0; i < perClass; i++) {
    const png = new PNG({ width: size, height: size });
    for (let p = 0; p < size * size; p++) {
      for (let k = 0; k < 3; k++) png.data[p * 4 + k] = Math.floor(60 + random() * 120 + (k === c ? 60 : 0));
      png.data[p * 4 + 3] = 255;
    }
    fs.writeFileSync(path.join(dir, name, `${i}.png`), PNG.sync.write(png));
  }
}
console.log(`wrote ${classes.length * perClass} images to ${dir}`);
