/** Running the `voc` command as a user would, in a child process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const VOC = fileURLToPath(new URL('../bin/voc.mjs', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `voc args…`; `env` entries set to undefined are removed from the child's environment. */
export function voc(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<RunResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VOC, ...args], { env: childEnv, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like `voc`, but fails with the command's output when it exits non-zero. */
export async function vocOk(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<RunResult> {
  const r = await voc(args, env, cwd);
  if (r.code !== 0) throw new Error(`voc ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r;
}
