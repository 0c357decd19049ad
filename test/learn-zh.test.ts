import { describe, expect, it } from 'vitest';
import { words } from '../pipeline/learn/features.ts';
import { RULE_FEATURE_WEIGHT, RULE_FEATURE_WEIGHT_BY_LANGUAGE, ruleFeatures } from '../pipeline/learn/sentiment-model.ts';
import { chinese } from '../pipeline/text/languages.ts';

describe('trained models on Chinese text', () => {
  it('cut the same words before and after the Chinese lexicons load', () => {
    // First in this file: nothing Chinese has been scored yet, so the segmenter is cold.
    const cold = words('客服态度差，五星好评');
    chinese();
    expect(words('客服态度差，五星好评')).toEqual(cold);
    expect(cold).toContain('态度差');
    expect(cold).toContain('五星好评');
  });

  it('weigh the Chinese rule features at their own weight and English at the default', () => {
    const zh = ruleFeatures('非常满意，下次还来');
    expect(zh[0]).toBeGreaterThan(0);
    expect(Math.max(...zh.map(Math.abs))).toBeLessThanOrEqual(RULE_FEATURE_WEIGHT_BY_LANGUAGE.zh!);
    const en = ruleFeatures('I am very happy with the service, thank you so much');
    expect(en[0]).toBeGreaterThan(RULE_FEATURE_WEIGHT_BY_LANGUAGE.zh!);
    expect(Math.max(...en.map(Math.abs))).toBeLessThanOrEqual(RULE_FEATURE_WEIGHT);
  });
});
