// `stacklab transfer --pretrain [cnn|mlp|fashion]`: remakes the shipped source models: the digits 0–4 convnet and
// MLP (src/transfer/pretrain.ts), or the Fashion-MNIST classes 0–4 convnet (src/transfer/pretrainFashion.ts).
import { Option } from 'commander';
import { type Engine, pretrainDefaults, pretrainDigits, type SourceArch, fashionPretrainDefaults, pretrainFashion } from '../node.js';

/** true: both digits models. */
export type SourceChoice = true | SourceArch | 'fashion';

export function pretrainOption(): Option {
  return new Option(
    '--pretrain [cnn|mlp|fashion]',
    `train the shipped source models: cnn and mlp (both when none is named) on digits 0–4 into ${pretrainDefaults.cnn.out}/ and ${pretrainDefaults.mlp.out}/, writing ${pretrainDefaults.cnn.heldOutCsv}; ` +
      `fashion on Fashion-MNIST classes 0–4 into ${fashionPretrainDefaults.out}/`,
  ).choices(['cnn', 'mlp', 'fashion']);
}

export async function pretrainCommand(engine: Engine, choice: SourceChoice): Promise<void> {
  if (choice === 'fashion') {
    const made = await pretrainFashion(engine, fashionPretrainDefaults, (line) => console.error(line));
    console.log(
      `pretrained on Fashion-MNIST classes 0–4 (${made.trainRows} images, ${made.backend} backend, ${(made.trainMs / 60_000).toFixed(1)} min): ` +
        `test accuracy ${(made.testAccuracy * 100).toFixed(1)}% on ${made.testRows} official test images; saved ${made.modelDir}`,
    );
    return;
  }
  const archs: SourceArch[] = choice === true ? ['cnn', 'mlp'] : [choice];
  for (const arch of archs) {
    const made = await pretrainDigits(pretrainDefaults[arch]);
    console.log(`pretrained the ${arch} on digits 0–4: test accuracy ${(made.testAccuracy * 100).toFixed(1)}% (${made.testRows} held-out rows); saved ${made.modelDir}`);
    console.log(`wrote ${made.targetCsv} (${made.targetRows} rows of digits 5–9)`);
  }
}
