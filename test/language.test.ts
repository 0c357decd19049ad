/**
 * The language detector, pinned by a table of short customer-care messages written for this test, and
 * the scorer declining a language it does not support instead of scoring it as English.
 */
import { describe, expect, it } from 'vitest';
import { createScorer } from '../pipeline/score.ts';
import { detectInteractionLanguage, detectLanguage, statedLanguage } from '../pipeline/text/language.ts';
import type { Interaction } from '../pipeline/types.ts';

const EXAMPLES: [string, string, string?][] = [
  ['@acme my parcel never came and nobody answers the phone', 'en'],
  ['Thanks so much, sorted!', 'en'],
  ['iPhone 7 Plus 😊', 'en'],
  ['Good call, lovely lunch as always!', 'en'],
  ['I want my refund. De La Soul tickets were cancelled', 'en'],
  ['no problem', 'en'],
  ['@acme hola, mi pedido no ha llegado y nadie me responde', 'es'],
  ['¿Me pueden ayudar con mi cuenta?', 'es'],
  ['Muchas gracias!', 'es'],
  ["Bonjour, j'ai un problème avec ma commande depuis lundi", 'fr'],
  ['merci pour votre aide', 'fr'],
  ['Olá, meu pedido não chegou ainda', 'pt'],
  ['Obrigado pela ajuda', 'pt'],
  ['Hallo, meine Bestellung ist noch nicht angekommen', 'de'],
  ['Danke für die schnelle Antwort', 'de'],
  ['Ciao, il mio ordine non è ancora arrivato', 'it'],
  ['注文した商品がまだ届きません', 'ja', 'Jpan'],
  ['acmeのアプリが開かない', 'ja', 'Jpan'],
  ['我的订单还没有到，请帮我查一下', 'zh', 'Hans'],
  ['我的訂單還沒有到，請幫我查一下', 'zh', 'Hant'],
  ['주문한 상품이 아직 안 왔어요', 'ko', 'Kore'],
  ['Мой заказ до сих пор не пришёл', 'ru', 'Cyrl'],
  ['طلبي لم يصل بعد', 'ar', 'Arab'],
  ['👍👍', 'und'],
  ['@acme https://example.com/x', 'und'],
];

describe('detectLanguage', () => {
  it.each(EXAMPLES)('%s → %s', (text, language, script) => {
    const guess = detectLanguage(text);
    expect(guess.language).toBe(language);
    if (script) expect(guess.script).toBe(script);
  });

  it('reads a conversation as one text, and each turn on its own', () => {
    const lang = detectInteractionLanguage([{ text: 'Hola' }, { text: 'mi cuenta está bloqueada desde ayer' }, { text: 'ok' }, { text: '👍' }]);
    expect(lang.language).toBe('es');
    expect(lang.turns.map((t) => t.language)).toEqual(['es', 'es', 'en', 'und']);
  });

  it("goes by the customer's words when the agent answers in another language", () => {
    const lang = detectInteractionLanguage([
      { speaker: 'customer', text: 'hola, mi pedido no ha llegado' },
      { speaker: 'agent', text: "Hi there, we're sorry to hear that. Could you send us your order number?" },
    ]);
    expect(lang.language).toBe('es');
  });
});

const chat = (id: string, customer: string, agent: string): Interaction => ({
  interaction_id: id, channel: 'chat', kpis: {},
  turns: [{ speaker: 'customer', text: customer }, { speaker: 'agent', text: agent }],
});

describe('scorer and languages', () => {
  it('declines a language it does not support: no figures, no evidence, the reason said', () => {
    const s = createScorer().score(chat('x', 'Hola, mi pedido no ha llegado y estoy muy molesto', 'Lamentamos el inconveniente, revisamos su pedido ahora'));
    expect(s.not_scored).toBe('language es');
    expect(s.language.language).toBe('es');
    expect(s.sentiment.sentences).toEqual([]);
    expect(s.empathy.applicable).toBe(false);
    expect(s.intent.intents).toEqual([]);
  });

  it('scores English, and text too short to tell, as before', () => {
    const en = createScorer().score(chat('y', 'my order is late again and I am furious', "I'm so sorry, I'll chase it right now"));
    expect(en.not_scored).toBeNull();
    expect(en.empathy.applicable).toBe(true);
    expect(createScorer().score(chat('z', '👎👎', 'ok')).not_scored).toBeNull();
  });

  it('scores a language once the scorer declares it', () => {
    const s = createScorer({ languages: ['en', 'es'] }).score(chat('w', 'Hola, mi pedido no ha llegado', 'Lo siento'));
    expect(s.not_scored).toBeNull();
  });

  it("prefers the row's own language over detection, and detects when the row gives none or nonsense", () => {
    const mixed = chat('v', 'APP登录不了, error code 403, please help', 'Sorry about that, could you send a screenshot?');
    expect(createScorer().score(mixed).language.language).toBe('en');
    const stated = createScorer().score({ ...mixed, language: 'zh-CN' });
    expect(stated.language).toMatchObject({ language: 'zh', script: 'Hans', confidence: 1 });
    expect(stated.not_scored).toBeNull();
    // An input column `language` is kept in metadata and read the same way.
    expect(createScorer().score({ ...mixed, metadata: { language: 'es' } }).not_scored).toBe('language es');
    expect(createScorer().score({ ...mixed, language: 'not a tag' }).language.language).toBe('en');
    expect(createScorer().score({ ...mixed, language: '' }).language.language).toBe('en');
  });
});

describe('statedLanguage', () => {
  it.each([
    ['zh', '我的订单还没有到', 'zh', 'Hans'],
    ['zh_TW', '我的订单还没有到', 'zh', 'Hant'],
    ['zh-Hant-HK', '訂單', 'zh', 'Hant'],
    ['ZH', '我的訂單還沒有到', 'zh', 'Hant'],
    ['en-GB', 'parcel late', 'en', 'Latn'],
  ])('%s on %s → %s %s', (tag, text, language, script) => {
    expect(statedLanguage(tag, [{ text }])).toMatchObject({ language, script, confidence: 1 });
  });

  it('is null when nothing usable is stated', () => {
    for (const v of [undefined, null, 3, '', 'und', '中文', 'not a tag']) expect(statedLanguage(v, [{ text: 'x' }])).toBeNull();
  });
});
