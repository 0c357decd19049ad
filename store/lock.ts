/**
 * The embedded database's single-writer lock: a file holding the pid of the process that has the
 * database open. PGlite has no server to arbitrate between processes, and two processes writing one
 * data folder lose each other's work, so the second one is refused with the holder's pid. A lock left
 * by a process that no longer runs (killed, crashed) is taken over.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** The embedded database is open in another process. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

export interface HeldLock {
  path: string;
  release(): void;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock at `path` for the database in `dir`, or throws a DatabaseLockedError naming the holder.
 * The pid is written to a file of this process's own first and then linked into place, so the lock file
 * is whole from the moment it exists: a process starting at the same moment never reads it empty and
 * takes it for a stale one.
 */
export function acquireLock(path: string, dir: string): HeldLock {
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = holder(path);
        if (pid !== null && alive(pid)) {
          throw new DatabaseLockedError(
            `the embedded database in ${dir} is in use by another voc process (pid ${pid}${pid === process.pid ? ', this one' : ''}). ` +
              'Only one process at a time may open it: wait for that one to finish and run this again, ' +
              `or set DATABASE_URL to a PostgreSQL server to run several at once. (Lock file: ${path})`,
          );
        }
        // Written by a process that is gone (or unreadable): stale, take it over — if it still is the one read.
        if (holder(path) === pid) {
          try {
            unlinkSync(path);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        }
        continue;
      }
      return held(path);
    }
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // already gone
    }
  }
  throw new DatabaseLockedError(`could not take the lock ${path} on the embedded database in ${dir}; remove it if no voc process is running`);
}

/** The lock at `path`, now this process's: released on close, or when the process exits. */
function held(path: string): HeldLock {
  let holding = true;
  const release = () => {
    if (!holding) return;
    holding = false;
    process.off('exit', release);
    if (holder(path) === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  // A process that exits without closing the database (process.exit after an error) still lets go.
  process.on('exit', release);
  return { path, release };
}
