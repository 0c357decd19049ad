/**
 * The peer scorers that `voc bench` and `voc eval --peers` compare voc with (`sentiment`,
 * `wink-sentiment`; `vader-sentiment` is also a dependency of the scorer, whose lexicon it supplies).
 * The first two are development dependencies, left out of a production install
 * (`npm ci --omit=dev`), so they are loaded only when asked for, with a message that says how to get them.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../lib/errors.ts';

const require = createRequire(import.meta.url);

/** The package `name`, or a UsageError naming `command` and how to install the package. */
export function loadPeer<T>(name: string, command: string): T {
  try {
    return require(name) as T;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'MODULE_NOT_FOUND' || !e.message.includes(`'${name}'`)) throw err;
    throw new UsageError(
      `${command} compares voc with the peer package ${name}, which is not installed here (a production ` +
        `install leaves the peers out). Install the development dependencies (npm ci) or just this one: npm install --no-save ${name}`,
    );
  }
}
