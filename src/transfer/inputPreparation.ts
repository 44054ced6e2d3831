// How a transfer's rows became the model's inputs, for its terminal output, JSON and report.

/** How a transfer's rows became the model's inputs, as its report states it. */
export type InputPreparation =
  | {
      /** The source model's own preprocessing from its metadata, fitted on its training rows, applied to every row. */
      kind: 'saved';
      /** The model it came from (--from). */
      model: string;
      encoder: boolean;
      standardizer: boolean;
      /** Input features per row after it. */
      features: number;
    }
  | {
      /** Values divided by `divisor` (1: raw), from --input-divisor or the model's metadata. */
      kind: 'divided';
      divisor: number;
    };

/** `saved encoder and standardizer of DIR (12 features)`, `divided by 16`, `raw`. */
export function describeInputs(inputs: InputPreparation): string {
  if (inputs.kind === 'divided') return inputs.divisor === 1 ? 'raw' : `divided by ${inputs.divisor}`;
  const parts = [inputs.encoder ? 'encoder' : '', inputs.standardizer ? 'standardizer' : ''].filter((p) => p !== '');
  return `saved ${parts.length > 0 ? parts.join(' and ') : 'column order'} of ${inputs.model} (${inputs.features} features)`;
}
