/**
 * A stable sort in place for the short lists the passes order (a turn's matches, a trigger's reasons):
 * insertion for a few items, `Array.prototype.sort` (also stable) for more. Both give the one stable
 * order of a consistent comparator; the insertion sort allocates nothing, where the built-in sort
 * copies the list into a work array first (most of the scorer's short-lived garbage in a profile).
 */
export function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  const n = list.length;
  if (n > 16) return list.sort(compare);
  for (let i = 1; i < n; i++) {
    const x = list[i]!;
    let j = i;
    while (j > 0 && compare(list[j - 1]!, x) > 0) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = x;
  }
  return list;
}
