/**
 * Row-major grid indexing (first axis slowest, the order of every study grid, sweep result and
 * export table): a grid index ↔ the index along each axis.
 */

/** Grid index → index along each axis (row-major, first axis slowest). */
export function unravelIndex(shape: readonly number[], index: number): number[] {
  const out = new Array<number>(shape.length);
  let rest = index;
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a]!;
    const i = rest % n;
    out[a] = i;
    rest = (rest - i) / n;
  }
  return out;
}

/** Index along each axis → grid index (the inverse of {@link unravelIndex}). */
export function ravelIndex(shape: readonly number[], at: readonly number[]): number {
  let index = 0;
  for (let a = 0; a < shape.length; a++) index = index * shape[a]! + at[a]!;
  return index;
}
