// One model's training record and early-stopping state: Keras's EarlyStopping on the validation loss
// (min_delta 0): a model stops once `patience` epochs in a row have not lowered its best validation loss.

/** One model's training curves in a batch fit, and where its best epoch was. */
export interface MemberHistory {
  /** Mean training loss per epoch run. */
  loss: number[];
  /** Per epoch, on the validation rows; empty without them. */
  validationLoss: number[];
  validationAccuracy: number[];
  /** 0-based epoch of the lowest validation loss (the last epoch run when there are no validation rows). */
  bestEpoch: number;
  /** The model stopped before the last epoch (early stopping). */
  stoppedEarly: boolean;
  /** Epochs this model trained for. */
  epochsRun: number;
}

export class MemberTracker {
  readonly history: MemberHistory = { loss: [], validationLoss: [], validationAccuracy: [], bestEpoch: -1, stoppedEarly: false, epochsRun: 0 };
  private best = Infinity;
  private waited = 0;

  /** `patience` undefined: never stops; the best epoch is still the one of lowest validation loss (or the last one without validation). */
  constructor(private readonly patience?: number) {}

  get running(): boolean {
    return !this.history.stoppedEarly;
  }

  /** Records an epoch; true when it is the new best (its weights are the ones to keep). */
  record(epoch: number, loss: number, validationLoss: number, validationAccuracy: number): boolean {
    const h = this.history;
    h.loss.push(loss);
    h.epochsRun = epoch + 1;
    if (Number.isNaN(validationLoss)) {
      h.bestEpoch = epoch;
      return true;
    }
    h.validationLoss.push(validationLoss);
    h.validationAccuracy.push(validationAccuracy);
    if (validationLoss < this.best) {
      this.best = validationLoss;
      this.waited = 0;
      h.bestEpoch = epoch;
      return true;
    }
    this.waited++;
    if (this.patience !== undefined && this.waited >= this.patience) h.stoppedEarly = true;
    return false;
  }
}
