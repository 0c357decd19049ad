/** Input files with known good and bad rows, written for the tests. */
import { writeFileSync } from 'node:fs';

const HEADER = 'interaction_id,channel,text,agent_id,team,customer_id,started_at,csat,nps,handle_time_s,store';

/** A CSV whose bad rows sit on known lines; returns the lines and what must be said about each. */
export function writeBadCsv(path: string): { good: string[]; rejects: { line: number; reason: RegExp }[]; warned: { line: number; warning: RegExp }[] } {
  const lines = [
    HEADER,
    'b1,chat,"Customer: The app keeps logging me out.\nAgent: I am sorry about that, let me fix it for you now.",ag1,core,cu1,2026-03-02T09:00:00Z,4,8,320,north', // 2-3
    ',chat,Customer: no id on this one,ag1,core,cu2,2026-03-02T09:05:00Z,3,6,100,north', // 4
    'b3,fax,Customer: wrong channel,ag1,core,cu3,2026-03-02T09:10:00Z,3,6,100,north', // 5
    'b4,chat,Customer: csat out of range,ag1,core,cu4,2026-03-02T09:15:00Z,9,6,100,north', // 6
    'b5,chat,Customer: handle time is not a number,ag1,core,cu5,2026-03-02T09:20:00Z,3,6,abc,north', // 7
    'b6,survey,,ag1,core,cu6,2026-03-02T09:25:00Z,3,6,100,north', // 8
    'b7,chat,"Customer: a stray "quote" here,ag1,core,cu7,2026-03-02T09:30:00Z,3,6,100,north', // 9
    'b8,review,Works well and arrived early,,,cu8,2026-03-02T09:35:00Z,5,10,,south', // 10
    'b9,chat,Customer: \uFFFD bad bytes,ag1,core,cu9,2026-03-02T09:40:00Z,3,6,100,north', // 11 (bytes replaced below)
    'b1,chat,Customer: the same id again,ag1,core,cu1,2026-03-02T09:45:00Z,3,6,100,north', // 12
    'b10,email,"Hi, my refund has not arrived yet.\n\nThanks,\nSam\n\nOn Mon, 2 Mar 2026 at 09:00, Support wrote:\n> We have issued your refund.",ag2,core,cu10,2026-03-02T09:50:00Z,2,3,600,east', // 13-19
  ];
  const text = lines.join('\n') + '\n';
  // Line 11 carries bytes that are not UTF-8.
  const buf = Buffer.from(text, 'utf8');
  const marker = Buffer.from('\uFFFD', 'utf8');
  const at = buf.indexOf(marker);
  writeFileSync(path, Buffer.concat([buf.subarray(0, at), Buffer.from([0xff, 0xfe, 0xfd]), buf.subarray(at + marker.length)]));
  return {
    good: ['b1', 'b4', 'b5', 'b8', 'b10'],
    rejects: [
      { line: 4, reason: /interaction_id is missing/ },
      { line: 5, reason: /channel must be one of/ },
      { line: 8, reason: /text is empty/ },
      { line: 9, reason: /broken CSV quoting/ },
      { line: 11, reason: /invalid UTF-8/ },
      { line: 12, reason: /duplicate interaction_id \(first on line 2\)/ },
    ],
    // Bad optional fields: the row is stored without them, and listed with a warning.
    warned: [
      { line: 6, warning: /csat must be a whole number 1–5, got "9"; dropped/ },
      { line: 7, warning: /handle_time_s must be seconds, 0 or more, got "abc"; dropped/ },
    ],
  };
}
