import type { Prediction } from '../learn/classifier.ts';

/**
 * A trained contact-reason model (what `voc intent train` writes, read back with
 * `textClassifierFromJson`). When one is given to `scoreIntent`, its answer is the primary intent.
 */
export interface IntentPredictor {
  /** Content hash of the model, stamped into the scorer version. */
  id: string;
  /** `inScope` false: the top probability is below the model's out-of-scope threshold. */
  predict(text: string): Pick<Prediction, 'label' | 'confidence' | 'inScope'>;
}
