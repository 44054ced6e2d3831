// `stacklab transfer --pretrain [cnn|mlp]`: remakes the shipped digits 0–4 source models (src/transfer/pretrain.ts).
import { Option } from 'commander';
import { pretrainDefaults, pretrainDigits, type SourceArch } from '../transfer/pretrain.js';

/** true: both digits models. */
export type SourceChoice = true | SourceArch;

export function pretrainOption(): Option {
  return new Option(
    '--pretrain [cnn|mlp]',
    `train the digits source models (both, or the one named) on digits 0–4 into ${pretrainDefaults.cnn.out}/ and ${pretrainDefaults.mlp.out}/, and write ${pretrainDefaults.cnn.heldOutCsv}`,
  ).choices(['cnn', 'mlp']);
}

export async function pretrainCommand(choice: SourceChoice): Promise<void> {
  const archs: SourceArch[] = choice === true ? ['cnn', 'mlp'] : [choice];
  for (const arch of archs) {
    const made = await pretrainDigits(pretrainDefaults[arch]);
    console.log(`pretrained the ${arch} on digits 0–4: test accuracy ${(made.testAccuracy * 100).toFixed(1)}% (${made.testRows} held-out rows); saved ${made.modelDir}`);
    console.log(`wrote ${made.targetCsv} (${made.targetRows} rows of digits 5–9)`);
  }
}
