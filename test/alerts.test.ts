/**
 * voc alerts check against a real local HTTP receiver (port 0): a spike rule fires once for the demo's
 * spiking reason, is posted as JSON with retries after failures, is not announced again while it
 * lasts, and clears when the spike is over; a receiver that is down is recorded as failed and stops
 * nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertConfig } from '../report/alerts.ts';
import { vocOk } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

describe('voc alerts check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voc-alerts-'));
  let store: DemoStore;
  let server: Server;
  let url = '';
  const received: any[] = [];
  let failFirst = 2;
  beforeAll(async () => {
    store = await demoStore(1200, 3);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst--;
          res.writeHead(500).end('busy');
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rules = (webhook: string) => {
    const file = join(dir, `alerts-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({
      webhook,
      rules: [
        { id: 'delivery-spike', metric: 'n', reason: 'delivery', window_days: 7, change_pct_above: 80, baseline_weeks: 4, min_n: 10 },
        { id: 'detractors', metric: 'detractor_share', window_days: 7, above: 0.95 },
      ],
    }));
    return file;
  };
  const check = (file: string, now: string) =>
    vocOk(['alerts', 'check', '--rules', file, '--now', now, '--json'], { DATABASE_URL: store.url, VOC_ALERT_BACKOFF_MS: '20' }).then((r) => JSON.parse(r.stdout));

  it('fires once for the spiking reason, posts it with retries, and clears after', async () => {
    const file = rules(url);
    const first = await check(file, '2026-09-21T00:00:00Z');
    expect(first.fired.map((f: any) => f.rule_id)).toEqual(['delivery-spike']);
    expect(first.fired[0].scope_key).toBe('reason=delivery');
    expect(first.fired[0].value).toBeGreaterThan(1.8 * first.fired[0].threshold);
    expect(first.delivery).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: 'voc.alert', rule_id: 'delivery-spike', metric: 'n', scope_key: 'reason=delivery' });
    const { rows } = await store.db.query(`SELECT delivery, attempts, last_error FROM alert_firings WHERE rule_id = 'delivery-spike'`);
    expect(rows).toEqual([{ delivery: 'sent', attempts: 3, last_error: null }]);

    const again = await check(file, '2026-09-21T06:00:00Z');
    expect(again).toMatchObject({ fired: [], ongoing: 1, cleared: [] });
    expect(received).toHaveLength(1);

    const later = await check(file, '2026-10-12T00:00:00Z');
    expect(later.cleared).toEqual([{ rule_id: 'delivery-spike', scope_key: 'reason=delivery' }]);
    const list = await vocOk(['alerts', 'list'], { DATABASE_URL: store.url });
    expect(list.stdout).toMatch(/cleared delivery-spike: n for reason=delivery up \d+% on its 4-week baseline/);
  });

  it('records a webhook that is down as failed, and still succeeds', async () => {
    await store.db.query(`DELETE FROM alert_firings`);
    const down = `http://127.0.0.1:${(server.address() as AddressInfo).port + 1}/nobody`;
    const r = await check(rules(down), '2026-09-21T00:00:00Z');
    expect(r.delivery).toEqual({ sent: 0, failed: 1 });
    const { rows } = await store.db.query(`SELECT delivery, attempts, last_error FROM alert_firings`);
    expect(rows[0]).toMatchObject({ delivery: 'failed', attempts: 4 });
    expect(rows[0].last_error).toBeTruthy();
  });

  it('names the rule and the field in a bad rules file', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ rules: [{ id: 'x', metric: 'happiness', above: 1 }] }));
    expect(() => loadAlertConfig(file)).toThrow(/rule 1 \(x\): "metric" must be one of n, csat/);
    writeFileSync(file, JSON.stringify({ rules: [{ id: 'y', metric: 'csat', above: 1, below: 2 }] }));
    expect(() => loadAlertConfig(file)).toThrow(/rule 1 \(y\): give exactly one number/);
  });
});
