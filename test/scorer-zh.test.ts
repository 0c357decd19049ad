/**
 * Chinese interactions through the full scorer (`createScorer().score`): every pass reads lexicons/zh.
 * The sentences are written for this file.
 */
import { describe, expect, it } from 'vitest';
import { createScorer } from '../pipeline/score.ts';
import { toSimplified } from '../pipeline/text/script.ts';
import { splitSpeakerLines } from '../pipeline/text/turns.ts';
import type { Interaction, Speaker, Turn } from '../pipeline/types.ts';

const scorer = createScorer();

function zh(turns: readonly (readonly [Speaker, string])[] | Turn[], channel: Interaction['channel'] = 'chat') {
  const list = (turns as readonly unknown[]).map((t) => (Array.isArray(t) ? { speaker: t[0] as Speaker, text: t[1] as string } : t as Turn));
  return scorer.score({ interaction_id: 'zh-test', channel, language: 'zh', kpis: {}, turns: list } as Interaction);
}
const review = (text: string) => zh([['customer', text]], 'review');
const label = (text: string) => review(text).sentiment.label;

describe('Chinese sentence sentiment in the engine', () => {
  it.each([
    ['这次的客服特别耐心，问题很快就解决了', 'positive'],
    ['物流太慢了，包装也破了', 'negative'],
    ['我对这个结果很不满意', 'negative'],
    ['东西不错，下次还来', 'positive'],
    ['请问营业时间是几点', 'neutral'],
    ['一点都不好用', 'negative'],
  ])('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('negation: 不满意 is negative, 不太满意 milder, and 不是不满意 (two negators) is not negative', () => {
    const not = review('我不满意').sentiment.score;
    const weak = review('我不太满意').sentiment.score;
    expect(not).toBeLessThan(0);
    expect(weak).toBeLessThan(0);
    expect(weak).toBeGreaterThan(not);
    expect(review('说实话我也不是不满意').sentiment.score).toBeGreaterThanOrEqual(0);
  });

  it('negators 没 / 别 / 未 / 无 reverse a sentiment word in their clause, not past a comma', () => {
    expect(review('售后没让我失望').sentiment.score).toBeGreaterThan(0);
    expect(review('产品无问题').sentiment.label).not.toBe('negative');
    expect(review('我不知道，反正很好用').sentiment.label).toBe('positive');
  });

  it('degree adverbs scale the word they modify', () => {
    expect(review('非常满意').sentiment.score).toBeGreaterThan(review('满意').sentiment.score);
    expect(review('有点失望').sentiment.score).toBeGreaterThan(review('非常失望').sentiment.score);
  });

  it('contrast: after 但是 / 可是 / 不过 counts more than before', () => {
    expect(review('价格有点贵，但是质量真的很好').sentiment.label).toBe('positive');
    expect(review('外观很好看，可是用了两天就坏了').sentiment.label).toBe('negative');
    expect(review('虽然包装很精美，不过东西太差了').sentiment.label).toBe('negative');
  });

  it.each([
    ['没有想象中那么好', 'not positive'],
    ['味道不如以前好吃了', 'not positive'],
    ['不错', 'positive'],
    ['还行', 'neutral'],
    ['没说完就给挂了电话，理都不理', 'negative'],
    ['没有餐具，差评', 'negative'],
    ['送了两个多小时', 'negative'],
    ['等了80多分钟才到', 'negative'],
    ['快3小时了还没到', 'negative'],
    ['不到一个小时就送到了', 'not negative'],
    ['备注不要辣，结果还是放了辣椒', 'negative'],
    ['米饭好少', 'not positive'],
    ['实在太差了', 'negative'],
    ['早餐一般，房间有点小，总的来说还是很不错的', 'positive'],
  ])('customer language: %s → %s', (text, expected) => {
    const got = label(text);
    if (expected.startsWith('not ')) expect(got).not.toBe(expected.slice(4));
    else expect(got).toBe(expected);
  });

  it('a rhetorical question is negative', () => {
    expect(review('凭什么让我一直等？').sentiment.label).toBe('negative');
    expect(review('你们到底还能不能处理？').sentiment.label).toBe('negative');
  });

  it('呵呵 beside praise is sarcasm: negative, though the words alone are positive', () => {
    expect(review('服务真好，很满意').sentiment.label).toBe('positive');
    const r = review('呵呵，服务真好，很满意');
    expect(r.sentiment.label).toBe('negative');
    expect(r.sentiment.evidence.some((e) => e.cue?.includes('sarcastic'))).toBe(true);
  });

  it('traditional text scores the same as its simplified form', () => {
    const pairs = ['這次的客服態度很差，我非常不滿意', '謝謝你們，問題已經解決了，很滿意', '我已經打了好幾次電話了，一直沒人處理'];
    for (const traditional of pairs) {
      const simplified = toSimplified(traditional);
      expect(simplified).not.toBe(traditional);
      const a = zh([['customer', traditional], ['agent', '請您放心，我馬上幫您處理']]);
      const b = zh([['customer', simplified], ['agent', toSimplified('請您放心，我馬上幫您處理')]]);
      expect(a.sentiment.score).toBe(b.sentiment.score);
      expect(a.empathy.score).toBe(b.empathy.score);
      expect(a.effort.score).toBe(b.effort.score);
      // The same reasons with the same cues; evidence quotes the text as written, so only its offsets compare.
      const strip = (r: typeof a) => r.intent.intents.map((i) => ({ ...i, evidence: i.evidence.map((e) => ({ ...e, text: undefined })) }));
      expect(a.intent.primary).toBe(b.intent.primary);
      expect(strip(a)).toEqual(strip(b));
    }
  });

  it('the words that drove a score point into the text as written', () => {
    const text = '快递員態度惡劣，太差了';
    const r = review(text);
    expect(r.sentiment.label).toBe('negative');
    for (const e of r.sentiment.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('Chinese empathy, effort and intent through the same passes', () => {
  const distress = '快递一个星期了还没到，急死了，明天就要用！';

  it('a specific acknowledgement right after the distress is timely', () => {
    const r = zh([['customer', distress], ['agent', '理解您的心情，换做是我也会着急，我马上帮您查一下物流']]);
    expect(r.empathy.applicable).toBe(true);
    expect(r.empathy.triggers[0]!.response).toBe('timely');
    expect(r.empathy.cues.map((c) => c.category)).toEqual(expect.arrayContaining(['acknowledgement', 'ownership']));
    expect(r.empathy.score).toBeGreaterThan(50);
  });

  it('a courtesy formula alone (非常抱歉给您带来不便) does not answer the distress, nor does 抱歉 in a greeting', () => {
    const formula = zh([['customer', distress], ['agent', '非常抱歉给您带来不便，请提供一下订单号']]);
    expect(formula.empathy.triggers[0]!.response).toBe('missing');
    expect(formula.empathy.cues.map((c) => c.category)).not.toContain('apology');
    const greeting = zh([['customer', distress], ['agent', '您好，抱歉久等了，很高兴为您服务'], ['agent', '请问订单号是多少']]);
    expect(greeting.empathy.triggers[0]!.response).toBe('missing');
  });

  it("an acknowledgement in the agent's second reply is late", () => {
    const r = zh([
      ['customer', distress], ['agent', '请提供一下订单号'], ['customer', '123456'],
      ['agent', '真的很抱歉，这次是我们的失误，让您着急了'],
    ]);
    expect(r.empathy.triggers[0]!.response).toBe('late');
  });

  it('blame and dismissal lower the score', () => {
    const good = zh([['customer', distress], ['agent', '理解您的心情，我马上帮您核实处理']]);
    const bad = zh([['customer', distress], ['agent', '这不归我们管，您去找快递，是您自己地址填错了']]);
    expect(bad.empathy.cues.map((c) => c.category)).toEqual(expect.arrayContaining(['dismissal', 'blame']));
    expect(bad.empathy.score).toBeLessThan(good.empathy.score!);
  });

  it('a calm question does not call for empathy', () => {
    const r = zh([['customer', '请问你们周末营业吗？'], ['agent', '您好，周末正常营业']]);
    expect(r.empathy.applicable).toBe(false);
  });

  it.each([
    ['我已经打了好几次电话了，还是没解决', 'repeat_contact'],
    ['转来转去没人管', 'transfer'],
    ['这个问题我已经说过了', 'repeat_info'],
    ['排队等了半个小时', 'waiting'],
    ['电话一直打不通只好来这里留言', 'channel_switch'],
    ['我已经打了三次电话了', 'repeat_contact'],
    ['我已經打了三次電話了', 'repeat_contact'],
    ['前前后后打了五六次，都说会回电', 'repeat_contact'],
    ['为这事我打了好几个电话', 'repeat_contact'],
    ['这已经是第四次致电了', 'repeat_contact'],
    ['我又打了一遍，还是一样', 'repeat_contact'],
    ['今天再次致电询问进度', 'repeat_contact'],
    ['已经联系了两三次客服', 'repeat_contact'],
    ['同一件事反映了好几次', 'repeat_contact'],
    ['我都解释了三遍了', 'repeat_info'],
  ])('effort: %s → %s', (text, driver) => {
    const r = zh([['customer', text], ['agent', '好的']]);
    expect(r.effort.drivers.map((d) => d.driver)).toContain(driver);
  });

  it('no repeat contact where a call is not needed again or only one was made', () => {
    for (const text of ['不用再打电话了，已经好了', '我打了一次电话就办好了']) {
      expect(zh([['customer', text], ['agent', '好的']]).effort.drivers.map((d) => d.driver)).not.toContain('repeat_contact');
    }
  });

  it('a complaint about calling again and again is a complaint, and calls for empathy', () => {
    for (const text of ['我已经打了三次电话了，问题还是没解决', '這是我第三次打電話了', '打了好几个电话一直没人处理']) {
      const r = zh([['customer', text], ['agent', '好的']]);
      expect(r.intent.primary).toBe('complaint');
      expect(r.empathy.score).not.toBeNull();
    }
  });

  it('effort is higher for a hard contact than an easy one', () => {
    const hard = zh([['customer', '我已经打了好几次电话了，转来转去没人管，等了半个小时'], ['agent', '好的']]);
    const easy = zh([['customer', '一次就解决了，很方便，谢谢'], ['agent', '不客气']]);
    expect(hard.effort.score).toBeGreaterThan(easy.effort.score);
  });

  it.each([
    ['我要退款，东西不想要了', 'refund'],
    ['快递三天了还没到', 'delivery'],
    ['登不上账号，也收不到验证码', 'account_access'],
    ['我想退订这个套餐', 'cancellation'],
    ['转人工', 'agent_request'],
  ])('intent: %s → %s', (text, intent) => {
    const r = zh([['customer', text], ['agent', '好的']]);
    expect(r.intent.intents.map((i) => i.intent)).toContain(intent);
  });

  it('a 客户：/客服： transcript splits into turns and scores like the same turns given one by one', () => {
    const transcript = '客户：我的快递一个星期了还没到，急死了\n客服：理解您的心情，我马上帮您查一下\n客户：好的，谢谢';
    const turns = splitSpeakerLines(transcript)!;
    expect(turns.map((t) => t.speaker)).toEqual(['customer', 'agent', 'customer']);
    expect(turns[1]!.text).toBe('理解您的心情，我马上帮您查一下');
    const split = zh(turns);
    const given = zh([['customer', '我的快递一个星期了还没到，急死了'], ['agent', '理解您的心情，我马上帮您查一下'], ['customer', '好的，谢谢']]);
    expect(split.empathy.triggers[0]!.response).toBe('timely');
    expect(split.sentiment.score).toBe(given.sentiment.score);
    expect(split.sentiment.trajectory).toBe('improving');
  });
});
