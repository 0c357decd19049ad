import { describe, expect, it } from 'vitest';
import { toTurns } from '../pipeline/text/normalise.ts';
import { redact } from '../pipeline/text/redact.ts';
import traditionalCharsFile from '../lexicons/zh/traditional-chars.json' with { type: 'json' };
import { scriptOf, toSimplified, traditionalCharsFromConverter } from '../pipeline/text/script.ts';
import { tokenizeChinese, tokenizeChineseSpans } from '../pipeline/text/segment-zh.ts';
import { splitSentences } from '../pipeline/text/sentences.ts';
import { splitSpeakerLines } from '../pipeline/text/turns.ts';

const words = (text: string) => tokenizeChinese(text).map((t) => t.lower);

describe('Chinese speaker lines', () => {
  it.each([
    ['客户：我的快递三天了还没到\n客服：非常抱歉，我马上帮您查一下', [['customer', '我的快递三天了还没到'], ['agent', '非常抱歉，我马上帮您查一下']]],
    ['顾客:退款什么时候到账？\n坐席:一般三到五个工作日', [['customer', '退款什么时候到账？'], ['agent', '一般三到五个工作日']]],
    ['[00:00:12] 座席：您好，请问有什么可以帮您\n[00:00:15] 用户：我要投诉', [['agent', '您好，请问有什么可以帮您'], ['customer', '我要投诉']]],
    ['客服(小王)：亲，在的\n买家：发货了吗', [['agent', '亲，在的'], ['customer', '发货了吗']]],
    ['客服-小美：请您放心\n客户: 好的', [['agent', '请您放心'], ['customer', '好的']]],
    ['坐席1号：您好\n客戶：我打了三次電話了\n工作人員：很抱歉', [['agent', '您好'], ['customer', '我打了三次電話了'], ['agent', '很抱歉']]],
    ['客服代表：请问具体是什么情况\n客户：转来转去\n没人处理', [['agent', '请问具体是什么情况'], ['customer', '转来转去\n没人处理']]],
  ])('%j', (text, expected) => {
    expect(splitSpeakerLines(text)!.map((t) => [t.speaker, t.text])).toEqual(expected);
  });

  it('does not take a quoted speaker inside a line for a new turn', () => {
    expect(splitSpeakerLines('客户：昨天客服说：不能退\n客服说：不能退就是不能退')!.map((t) => t.speaker)).toEqual(['customer']);
  });
});

describe('Chinese sentences', () => {
  it.each([
    ['等了半个小时。没人理！怎么回事？', ['等了半个小时。', '没人理！', '怎么回事？']],
    ['太慢了!!客服也不回复?再也不买了', ['太慢了!!', '客服也不回复?', '再也不买了']],
    ['先这样吧；明天再说……呵呵', ['先这样吧；', '明天再说……', '呵呵']],
    ['他说“马上到。”结果没到', ['他说“马上到。”', '结果没到']],
    ['版本v2.0的APP打不开', ['版本v2.0的APP打不开']],
  ])('%s', (text, expected) => {
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(expected);
  });

  it('leaves English sentence splitting as it was', () => {
    const text = 'Wait…what? I called Mr. Smith; no answer.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(['Wait…what?', 'I called Mr. Smith; no answer.']);
  });
});

describe('Chinese segmentation', () => {
  it('keeps customer-service words whole and negators and degree adverbs apart', () => {
    expect(words('客服态度很差，退货退款等了半个小时都没人理')).toEqual(
      ['客服', '态度', '很', '差', ',', '退货', '退款', '等', '了', '半个', '小时', '都', '没人理'],
    );
    expect(words('不是不满意')).toEqual(['不是', '不', '满意']);
    expect(words('转来转去，转人工也没用，差评')).toEqual(['转来转去', ',', '转人工', '也', '没用', ',', '差评']);
  });

  it('reads traditional text in simplified form, with offsets into the original', () => {
    const text = '客戶服務態度很差，軟體一直閃退';
    const tokens = tokenizeChinese(text);
    expect(tokens.map((t) => t.lower)).toEqual(['客户', '服务态度', '很', '差', ',', '软件', '一直', '闪退']);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[1]!.text).toBe('服務態度');
  });

  it('tokenizes Latin words, numbers and emoji between Chinese words as the English tokenizer does', () => {
    const text = '我的iPhone 15 Pro的APP打不开了😡 ok';
    const tokens = tokenizeChinese(text);
    expect(tokens.map((t) => [t.lower, t.kind])).toEqual([
      ['我', 'word'], ['的', 'word'], ['iphone', 'word'], ['15', 'number'], ['pro', 'word'], ['的', 'word'],
      ['app', 'word'], ['打不开', 'word'], ['了', 'word'], ['😡', 'emoji'], ['ok', 'word'],
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('makes full-width punctuation punct tokens with the half-width mark, runs of marks one token', () => {
    expect(tokenizeChinese('真的吗？！好吧。').map((t) => [t.lower, t.kind])).toEqual([
      ['真的', 'word'], ['吗', 'word'], ['?!', 'punct'], ['好', 'word'], ['吧', 'word'], ['.', 'punct'],
    ]);
  });

  it('segments a span of a longer text with offsets into the whole text', () => {
    const text = 'Hello. 退款到账了吗？';
    const tokens = tokenizeChinese(text, 7, text.length);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['退款', '到账', '了', '吗', '？']);
  });
});

describe('scripts', () => {
  it.each([
    ['我们的客服态度很好', 'zh-Hans'],
    ['我們的客服態度很好', 'zh-Hant'],
    ['謝謝你，服務很周到', 'zh-Hant'],
    ['谢谢你，服务很周到', 'zh-Hans'],
    ['客服', 'zh-Hans'],
    ['no Chinese here', null],
  ])('%s → %s', (text, script) => {
    expect(scriptOf(text)).toBe(script);
  });

  it('converts traditional to simplified at the same length, Taiwan words included', () => {
    expect(toSimplified('這個軟體的網路連線一直斷線')).toBe('这个软件的网络连接一直断线');
    expect(toSimplified('mixed 文字 text')).toBe('mixed 文字 text');
  });
});

describe('Chinese personal data', () => {
  it.each([
    ['我的手机号是13812345678，请回电', '我的手机号是[phone]，请回电'],
    ['电话 +86 138 1234 5678', '电话 [phone]'],
    ['身份证号11010519491231002X已提供', '身份证号[id]已提供'],
    ['身份证 440304198803151233', '身份证 [id]'],
    ['银行卡6222021234567890128被扣款', '银行卡[card]被扣款'],
    ['订单号202301011234567890', '订单号[number]'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('leaves an 18-digit number with a wrong check digit to the general number rule', () => {
    expect(redact('编号 440304198803151234')).toBe('编号 [number]');
  });

  it('redacts Chinese turns before they are stored', () => {
    expect(toTurns('chat', { text: '客户：我手机13912345678收不到验证码\n客服：好的' })).toEqual([
      { speaker: 'customer', text: '我手机[phone]收不到验证码' },
      { speaker: 'agent', text: '好的' },
    ]);
  });
});

describe('Chinese speed paths give the same result as the plain ones', () => {
  it('lexicons/zh/traditional-chars.json is what opencc-js says (regenerate: npx tsx eval/zh-traditional-chars.ts)', () => {
    expect(traditionalCharsFile.chars).toBe(traditionalCharsFromConverter());
  });

  it('segmenting a turn once gives each sentence the tokens of segmenting it alone', () => {
    for (const text of [
      '快递三天了还没到！！客服也不理人。我要投诉？？？',
      '东西不错……就是物流慢了点；下次还来。OK, thanks!',
      '為什麼還沒發貨？？……請盡快處理。',
      '第一句。\n\n第二句 with English words. 第三句',
    ]) {
      const spans = splitSentences(text);
      expect(tokenizeChineseSpans(text, spans)).toEqual(spans.map((s) => tokenizeChinese(text, s.start, s.end)));
    }
  });
});
