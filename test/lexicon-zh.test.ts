import { describe, expect, it } from 'vitest';
import { validateLanguage } from '../pipeline/lexicon/load.ts';
import type { Match } from '../pipeline/match/automaton.ts';
import { canonicalStreams } from '../pipeline/match/canonical.ts';
import { ZH_FILES } from '../pipeline/text/language-zh.ts';
import { chinese } from '../pipeline/text/languages.ts';
import { CHINESE_SEGMENTER } from '../pipeline/text/segment-zh.ts';

/** Every `family:data` the Chinese automaton finds in `text`. */
function found(text: string, family: string): string[] {
  const { segmenter, automaton } = chinese();
  const sentences = segmenter.sentences(text).map((s) => ({ tokens: segmenter.tokenize(text, s.start, s.end) }));
  const [canon] = canonicalStreams([sentences], segmenter, automaton);
  const byFamily: Match[][] = automaton.families.map(() => []);
  for (let k = 0; k < sentences.length; k++) automaton.scan(canon!, canon!.sentenceFrom[k]!, canon!.sentenceTo[k]!, byFamily);
  const matches = byFamily.flat();
  return [...new Set(matches.filter((m) => m.pattern.family === family).map((m) => String(m.pattern.data)))];
}

describe('the Chinese lexicons', () => {
  it('load in the shapes of lexicons/en/ and compile into one automaton', () => {
    expect(() => validateLanguage('zh', structuredClone(ZH_FILES) as unknown as Record<string, unknown>, CHINESE_SEGMENTER)).not.toThrow();
    expect(chinese().hash).toMatch(/^[0-9a-f]{8}$/);
  });

  it.each([
    ['理解您的心情，换做是我也会着急', 'acknowledgement'],
    ['真的很抱歉，这次是我们的失误', 'apology'],
    ['请您放心，一定会给您一个满意的答复', 'reassurance'],
    ['我马上帮您核实处理', 'ownership'],
    ['我来跟进这件事', 'ownership'],
    ['请问具体是什么情况？', 'exploration'],
    ['非常抱歉给您带来不便', 'courtesy'],
    ['不好意思让您久等了', 'courtesy'],
    ['这不归我们管，您去找快递', 'dismissal'],
    ['这是规定，没办法', 'dismissal'],
    ['是您自己操作不当', 'blame'],
    ['我很忙，快点说', 'rushing'],
    ['請您放心，我馬上幫您處理', 'reassurance'],
  ])('agent cue: %s → %s', (text, category) => {
    expect(found(text, 'empathy')).toContain(category);
  });

  it('does not read a courtesy formula or a greeting as an apology for a particular distress', () => {
    expect(found('非常抱歉给您带来不便，敬请谅解', 'empathy')).not.toContain('apology');
    expect(found('您好，很高兴为您服务，请问有什么可以帮您', 'empathy')).toEqual(['courtesy']);
  });

  it.each([
    ['我已经打了好几次电话了', 'repeat_contact'],
    ['这是我第三次打电话了', 'repeat_contact'],
    ['转来转去没人管', 'transfer'],
    ['我已经说过了', 'repeat_info'],
    ['等了半个小时还没人接', 'waiting'],
    ['一直在排队', 'waiting'],
    ['电话打不通只好来微博', 'channel_switch'],
    ['说好的今天到呢', 'unmet_expectation'],
    ['一次就解决了，很方便', 'ease'],
  ])('effort: %s → %s', (text, driver) => {
    expect(found(text, 'effort')).toContain(driver);
  });

  it.each([
    ['我要投诉你们', 'complaint'],
    ['太着急了，急用', 'distress'],
    ['气死了，太过分了', 'frustration'],
    ['一直没人处理', 'problem'],
  ])('trigger: %s → %s', (text, reason) => {
    expect(found(text, 'trigger')).toContain(reason);
  });

  it.each([
    ['我要退款', 'refund'],
    ['快递三天了还没到', 'delivery'],
    ['登不上账号，收不到验证码', 'account_access'],
    ['话费被乱扣费', 'billing'],
    ['我想退订这个套餐', 'cancellation'],
    ['我要退货', 'returns'],
    ['转人工', 'agent_request'],
    ['APP一直闪退', 'technical_problem'],
    ['表扬一下这位客服', 'praise'],
  ])('intent: %s → %s', (text, intent) => {
    expect(found(text, 'intent')).toContain(intent);
  });
});
