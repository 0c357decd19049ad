/**
 * A running `voc serve` for the serve tests: the real command in a child process on port 0, against
 * a seeded demo store in a fresh PostgreSQL database. It reads the URL and the first admin token from
 * what the server prints, as a newcomer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { VOC } from './cli.ts';
import { demoStore, type DemoStore } from './report-fixture.ts';

export interface RunningServer {
  url: string;
  /** The admin token the server printed on its first start. */
  adminToken: string;
  /** The one-time sign-in link it printed. */
  loginLink: string;
  store: DemoStore;
  stop(): Promise<void>;
}

export async function startServer(n: number, seed: number, scorer: 'oracle' | 'real', prepare?: (store: DemoStore) => Promise<void>): Promise<RunningServer> {
  const store = await demoStore(n, seed, scorer);
  await prepare?.(store);
  const child: ChildProcess = spawn(process.execPath, [VOC, 'serve', '--port', '0'], { env: { ...process.env, DATABASE_URL: store.url } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = await new Promise<{ url: string; token: string; link: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`voc serve did not start in 30 s\n${out}\n${err}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`voc serve exited ${code}\n${out}\n${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /on (http:\/\/[^\s]+)/.exec(out)?.[1];
      const token = /^\s+(voc_\S+)$/m.exec(out)?.[1];
      const link = /(http:\/\/\S+\/login\/once\?\S+)/.exec(out)?.[1];
      if (url && token && link) {
        clearTimeout(timer);
        resolve({ url, token, link });
      }
    });
  });
  return {
    url: ready.url,
    adminToken: ready.token,
    loginLink: ready.link,
    store,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await store.close();
    },
  };
}
