/**
 * A seeded, generated corpus of customer contacts for `voc bench`: short reviews (~20 words), survey
 * answers, chats, e-mails (~150 words) and long call transcripts (~1,500 words in Agent / Customer
 * turns). Every sentence comes from the templates below, written for the bench; no labelled data is
 * read, so the bench runs anywhere and the same seed gives the same corpus.
 */
import { seededRandom } from '../lib/random.ts';
import type { Channel, Interaction, Turn } from '../pipeline/types.ts';

const PRODUCTS = ['kettle', 'router', 'phone plan', 'sofa', 'laptop', 'parcel', 'subscription', 'washing machine', 'flight', 'hotel room', 'gift card', 'headphones'];
const NAMES = ['Priya', 'Tom', 'Ana', 'Kofi', 'Mei', 'Lars', 'Sofia', 'Omar', 'Jules', 'Hana'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'the weekend'];

const REVIEW = [
  'The {p} arrived a day early and works perfectly, very happy with it.',
  'Terrible quality, the {p} broke after two weeks and support never replied.',
  'It is fine for the price, nothing special but it does the job.',
  'Absolutely love this {p}, setup took five minutes and it looks great.',
  'Still waiting for a refund on the {p} I sent back a month ago.',
  'Not bad at all, although the instructions could be clearer.',
  'The {p} is okay but delivery was delayed twice without any update.',
  'Great value, friendly driver, no problems whatsoever with the order.',
  'Worst purchase this year. The {p} stopped working and nobody helps.',
  'Does what it says. Would buy again if the price stays the same.',
  'Honestly disappointed, the {p} looks nothing like the photos.',
  'Quick delivery and the {p} was well packed. Thanks!',
];

const SURVEY = [
  'The agent was patient and sorted it out quickly.',
  'Too long on hold, and I had to explain everything twice.',
  'Easy to use website, found what I needed.',
  'Nobody called me back as promised.',
  'Good service overall, {n} was very helpful.',
  'I was transferred three times before anyone could help.',
  'Fast and friendly, no complaints.',
  'The app keeps crashing when I try to pay.',
  'Fine.',
  'It took far too many emails to get a simple answer about my {p}.',
];

const CUSTOMER = [
  'Hi, I am calling about my {p}, it still has not arrived.',
  'I ordered it on {d} and the tracking has not moved since.',
  'This is the third time I have contacted you about this.',
  'I was on hold for forty minutes before this call.',
  'Honestly I am really frustrated, nobody seems to know what is going on.',
  'Yes, the order number is {num}.',
  'Okay, that makes sense.',
  'Can you just cancel it and give me a refund?',
  'I have been a customer for years and this has never happened before.',
  'The last person I spoke to said it would be sorted by {d}.',
  'That would be great, thank you.',
  'Brilliant, thanks so much for your help, {n}.',
  'No, that is everything, you have been really helpful.',
  'Sorry, could you repeat that?',
  'I do not want another voucher, I want the {p} I paid for.',
  'Fine, but if it does not arrive by {d} I am going elsewhere.',
  'It keeps dropping the connection every evening around eight.',
  'I already restarted it twice like the website said.',
];

const AGENT = [
  'Thank you for calling, my name is {n}, how can I help you today?',
  'I am sorry to hear that, let me look into it for you right away.',
  'Could you give me your order number, please?',
  'I completely understand how frustrating that must be.',
  'I can see the {p} left our warehouse on {d}.',
  'It looks like the courier had a delay in your area.',
  'I am going to raise this with the delivery team now and stay on it until it is resolved.',
  'I will put you on a short hold while I check with my colleague.',
  'Thank you for holding.',
  'I have issued a full refund, it should reach your account within three to five days.',
  'I have arranged a replacement by express delivery, free of charge.',
  'Is there anything else I can help you with today?',
  'Thank you for your patience, and sorry again for the trouble.',
  'Our policy only allows returns within thirty days.',
  'Let me send you a confirmation email with the details.',
  'I can see why that would be annoying, let me fix that.',
];

const EMAIL = [
  'Dear support team,',
  'I am writing about order {num}, a {p} I bought on {d}.',
  'When it arrived the box was damaged and the {p} would not turn on.',
  'I contacted you last week and was told someone would call me back within two days, but nobody did.',
  'I have attached photos of the damage and the receipt.',
  'To be honest this has been a frustrating experience, and it is not the first time.',
  'I would like either a replacement or a full refund, whichever is quicker.',
  'I have been happy with your shop for years and would like to keep it that way.',
  'Please let me know what you need from me to resolve this.',
  'Thanks in advance for your help.',
  'Kind regards,',
  '{n}',
];

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

function fill(rand: Rand, template: string): string {
  return template
    .replace(/\{p\}/g, () => pick(rand, PRODUCTS))
    .replace(/\{n\}/g, () => pick(rand, NAMES))
    .replace(/\{d\}/g, () => pick(rand, DAYS))
    .replace(/\{num\}/g, () => String(100000 + Math.floor(rand() * 900000)));
}

function sentences(rand: Rand, pool: readonly string[], count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(fill(rand, pick(rand, pool)));
  return out.join(' ');
}

function conversation(rand: Rand, turns: number, perTurn: [number, number]): Turn[] {
  const out: Turn[] = [];
  for (let i = 0; i < turns; i++) {
    const agent = i % 2 === 0;
    const n = perTurn[0] + Math.floor(rand() * (perTurn[1] - perTurn[0] + 1));
    out.push({ speaker: agent ? 'agent' : 'customer', text: sentences(rand, agent ? AGENT : CUSTOMER, n) });
  }
  return out;
}

/** The kinds of contact in the corpus and the share of texts of each. */
export const MIX: readonly { channel: Channel; share: number }[] = [
  { channel: 'review', share: 0.4 },
  { channel: 'survey', share: 0.25 },
  { channel: 'chat', share: 0.2 },
  { channel: 'email', share: 0.12 },
  { channel: 'call', share: 0.03 },
];

function make(rand: Rand, channel: Channel, id: string): Interaction {
  let turns: Turn[];
  switch (channel) {
    case 'review':
      turns = [{ speaker: 'customer', text: sentences(rand, REVIEW, 1 + Math.floor(rand() * 2)) }];
      break;
    case 'survey':
      turns = [{ speaker: 'customer', text: sentences(rand, SURVEY, 1 + Math.floor(rand() * 2)) }];
      break;
    case 'chat':
      turns = conversation(rand, 6 + Math.floor(rand() * 6), [1, 2]);
      break;
    case 'email':
      turns = [{ speaker: 'customer', text: EMAIL.map((t) => fill(rand, t)).join('\n') }];
      break;
    case 'call':
      // ~1,500 words: about 80 turns of one to three sentences.
      turns = conversation(rand, 70 + Math.floor(rand() * 20), [1, 3]);
      break;
  }
  return { interaction_id: id, channel, turns, kpis: {} };
}

/** The plain text of an interaction, as a peer that scores one string sees it. */
export function plainText(interaction: Interaction): string {
  return interaction.turns.length === 1
    ? interaction.turns[0]!.text
    : interaction.turns.map((t) => `${t.speaker === 'agent' ? 'Agent' : 'Customer'}: ${t.text}`).join('\n');
}

/** Generates interactions until their text reaches `megabytes` (UTF-8), with the mix above. */
export function generateCorpus(megabytes: number, seed = 1): Interaction[] {
  const rand = seededRandom(seed);
  const target = megabytes * 1e6;
  const out: Interaction[] = [];
  let bytes = 0;
  while (bytes < target) {
    let r = rand();
    let channel: Channel = MIX[MIX.length - 1]!.channel;
    for (const m of MIX) {
      if (r < m.share) {
        channel = m.channel;
        break;
      }
      r -= m.share;
    }
    const interaction = make(rand, channel, `bench-${out.length + 1}`);
    out.push(interaction);
    bytes += Buffer.byteLength(plainText(interaction));
  }
  return out;
}
