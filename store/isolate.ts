/**
 * The net under validation: when a batch write fails on its data, split the batch in halves until
 * the rows the database refuses are alone, so that they are set aside with the database's reason and
 * every other row is written. A connection or server fault is not about the data and is rethrown.
 */

/**
 * SQLSTATE classes that blame the data of a statement: 21 cardinality violation, 22 data exception
 * (NUL in text, a number out of range, a bad date), 23 integrity constraint violation, 54 program
 * limit exceeded (an index row too large).
 */
const DATA_ERROR_CLASSES = new Set(['21', '22', '23', '54']);

/** Whether a database error is about the rows written (not the connection, the server or the SQL). */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

/**
 * Writes `items` with `write`, one call for the whole batch when it succeeds; on a data error, halves
 * and retries each half, down to single rows, and hands each refused row to `refused` with the
 * database's error. Returns the results of the successful writes. About 2·log2(n) extra writes per
 * bad row.
 */
export async function writeIsolating<T, R>(
  items: readonly T[],
  write: (batch: readonly T[]) => Promise<R>,
  refused: (item: T, err: Error) => void,
): Promise<R[]> {
  if (items.length === 0) return [];
  try {
    return [await write(items)];
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (items.length === 1) {
      refused(items[0]!, err as Error);
      return [];
    }
    const half = Math.ceil(items.length / 2);
    return [...(await writeIsolating(items.slice(0, half), write, refused)), ...(await writeIsolating(items.slice(half), write, refused))];
  }
}
