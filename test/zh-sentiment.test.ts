import { describe, expect, it } from 'vitest';
import { spearman } from '../eval/suite-zh.ts';
import { rulesScore, wordSum } from '../eval/zh-sentiment.ts';

const sign = (x: number) => (x > 0.05 ? 'positive' : x < -0.05 ? 'negative' : 'neutral');

describe('Chinese sentiment rules over lexicons/zh', () => {
  it.each([
    ['客服态度很差，等了半天没人理', 'negative'],
    ['很满意，快递小哥辛苦了，好评！', 'positive'],
    ['不是不满意，只是希望能再快一点', 'positive'],
    ['呵呵，服务真好', 'negative'],
    ['味道不错，就是送餐慢了点', 'positive'],
    ['虽然便宜，但是质量太差了', 'negative'],
    ['本以为很好吃，结果一般般', 'negative'],
    ['非一般的慢', 'negative'],
    ['难道不应该给我退款吗？', 'negative'],
    ['凭什么让我一直等？', 'negative'],
    ['客服很耐心，问题已解决，谢谢', 'positive'],
    ['等了两个小时才送到[怒]', 'negative'],
    ['客戶服務態度很好，下次還會再來', 'positive'],
    ['不会再买了，千万别买', 'negative'],
    ['我想查一下订单', 'neutral'],
  ])('%s → %s', (text, expected) => {
    expect(sign(rulesScore(text))).toBe(expected);
  });

  it('reads a wait told as two clock times as a long wait, and a quick one as none', () => {
    expect(sign(rulesScore('晚上7点下的单，9点多才送过来'))).toBe('negative');
    expect(sign(rulesScore('十一点订的，一点半才到'))).toBe('negative');
    expect(rulesScore('下午五点下单，五点四十就到了')).toBe(0);
    expect(rulesScore('约的是六点，五点半就送到了')).toBe(0);
  });

  it('reads 可以 in a request or a question as the modal "can", not approval; at the end of a verdict it approves', () => {
    expect(rulesScore('可以帮我查一下物流吗')).toBe(0);
    expect(rulesScore('这样处理可以吗')).toBe(0);
    expect(rulesScore('可以给我换一个吗')).toBe(0);
    expect(rulesScore('包装可以')).toBeGreaterThan(0);
    expect(rulesScore('还可以')).toBeGreaterThan(0);
  });

  it('counts a mild fault (有点, 偏) less than an excess (太), and 还没用 / 才来评价 not at all', () => {
    expect(rulesScore('面条有点硬')).toBeLessThan(0);
    expect(rulesScore('面条有点干')).toBeGreaterThan(rulesScore('面条太干'));
    expect(rulesScore('刚收到，还没用')).toBe(0);
    expect(rulesScore('用了一个月才来评价')).toBe(0);
    expect(rulesScore('已经不是第一次这么慢了')).toBeLessThan(0);
  });

  it('reads 稍 / 略 as a slight fault, never as praise, and 不满 before a number as "less than"', () => {
    expect(rulesScore('价格稍贵')).toBeLessThan(0);
    expect(rulesScore('价格稍贵')).toBeGreaterThan(rulesScore('价格贵'));
    expect(rulesScore('卧室略小')).toBeLessThan(0);
    expect(rulesScore('开业不满一年')).toBe(0);
  });

  it('turns praise after 呵呵 but not a verdict before it', () => {
    expect(sign(rulesScore('呵呵，你们的效率真高'))).toBe('negative');
    expect(sign(rulesScore('整体还是挺满意的，呵呵'))).toBe('positive');
  });

  it('reads 不太满意 as milder than 不满意, and 非常满意 as stronger than 满意', () => {
    expect(rulesScore('不太满意')).toBeLessThan(0);
    expect(rulesScore('不太满意')).toBeGreaterThan(rulesScore('不满意'));
    expect(rulesScore('非常满意')).toBeGreaterThan(rulesScore('满意'));
  });

  it('counts a hope or a condition at a fraction (如果服务好一点)', () => {
    expect(Math.abs(rulesScore('如果服务好一点就更好了'))).toBeLessThan(Math.abs(rulesScore('服务很好')));
  });

  it('is a plain sum without the rules in the word-sum baseline (呵呵 praise stays praise)', () => {
    expect(wordSum('服务真好，很满意')).toBeGreaterThan(0);
    expect(rulesScore('呵呵，服务真好，很满意')).toBeLessThan(0);
  });
});

describe('Spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and handles ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9487, 3);
  });
});
