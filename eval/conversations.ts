/**
 * Real customer ↔ brand conversations from the data folder as voc interactions, read at run time (never
 * copied into the project): IBM's customer-care Twitter threads, the Twitter customer-support excerpt
 * (threads rebuilt from `in_response_to_tweet_id`), and the STC-3 helpdesk dialogues with their
 * annotators' satisfaction.
 */
import { parseFile } from 'fast-csv';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../lib/errors.ts';
import type { Interaction, Turn } from '../pipeline/types.ts';

function need(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what}: ${path} not found`);
  return path;
}

const chat = (id: string, turns: Turn[]): Interaction => ({ interaction_id: id, channel: 'chat', turns, kpis: {} });

interface IbmConversation {
  agentURL?: { turn?: string; url_utterance?: string };
  dialogContent: { client?: string; client1?: string; agent?: string; message: string }[];
  dialogHeader: { sessionID: string };
}

/** IBM customer-care threads: the customer's and the brand's tweets, and the brand's closing reply with its help link. */
export async function readIbmCustomerCare(file: string): Promise<Interaction[]> {
  const data = JSON.parse(await readFile(need(file, 'ibm-customer-care'), 'utf8')) as IbmConversation[];
  return data.map((c) => {
    const turns: Turn[] = c.dialogContent.map((m) => ({ speaker: m.agent ? 'agent' : 'customer', text: m.message }));
    const closing = c.agentURL?.url_utterance;
    if (closing) turns.splice(Math.min(turns.length, Number(c.agentURL?.turn ?? turns.length) - 1 || turns.length), 0, { speaker: 'agent', text: closing });
    return chat(c.dialogHeader.sessionID, turns);
  });
}

/** The Twitter customer-support excerpt as threads: a customer's first tweet and every reply under it, in time order. */
export async function readTwcs(file: string): Promise<Interaction[]> {
  const rows: { id: string; inbound: boolean; text: string; parent: string; at: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    parseFile(need(file, 'twcs-excerpt'), { headers: true })
      .on('error', reject)
      .on('data', (r: Record<string, string>) => {
        if (r.tweet_id && r.text) rows.push({ id: r.tweet_id, inbound: r.inbound === 'True', text: r.text, parent: (r.in_response_to_tweet_id ?? '').replace(/\.0$/, ''), at: Date.parse(r.created_at ?? '') || 0 });
      })
      .on('end', () => resolve());
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const root = (r: (typeof rows)[number]): string => {
    let cur = r;
    for (let hops = 0; hops < 50; hops++) {
      const up = byId.get(cur.parent);
      if (!up) break;
      cur = up;
    }
    return cur.id;
  };
  const threads = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = root(r);
    const list = threads.get(k) ?? [];
    list.push(r);
    threads.set(k, list);
  }
  const out: Interaction[] = [];
  for (const [id, list] of threads) {
    list.sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
    // A thread must start with the customer and have both sides to be a conversation.
    if (!list[0]!.inbound || !list.some((r) => !r.inbound)) continue;
    out.push(chat(`twcs-${id}`, list.map((r) => ({ speaker: r.inbound ? 'customer' : 'agent', text: r.text }))));
  }
  return out;
}

export interface RatedInteraction {
  interaction: Interaction;
  /** The annotators' mean satisfaction, on the set's own scale. */
  satisfaction: number;
}

interface Stc3Dialogue {
  id: string | number;
  turns: { sender: string; utterances: string[] }[];
  annotations?: { quality: { S?: number } }[];
}

/** STC-3 dialogues (`train_data_en.json`) with the mean of the annotators' S (customer satisfaction, −2 … 2). */
export async function readStc3(file: string): Promise<RatedInteraction[]> {
  let data: Stc3Dialogue[];
  try {
    data = JSON.parse(await readFile(need(file, 'voc eval satisfaction'), 'utf8')) as Stc3Dialogue[];
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file} is not STC-3 JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(data)) throw new UsageError(`${file} is not STC-3 JSON: expected a list of dialogues with id, turns and annotations`);
  const out: RatedInteraction[] = [];
  for (const [k, d] of data.entries()) {
    const s = (d.annotations ?? []).map((a) => a.quality?.S).filter((x): x is number => typeof x === 'number');
    if (s.length === 0) throw new UsageError(`${file}: dialogue ${d.id ?? `#${k + 1}`} has no satisfaction (annotations[].quality.S); use a labelled file such as train_data_en.json`);
    const turns: Turn[] = d.turns.map((t) => ({ speaker: t.sender === 'customer' ? 'customer' : 'agent', text: t.utterances.join(' ') }));
    out.push({ interaction: chat(String(d.id), turns), satisfaction: s.reduce((a, b) => a + b, 0) / s.length });
  }
  return out;
}
