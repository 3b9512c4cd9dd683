/**
 * Index range [i0, i1] of the samples of a monotonic grid `x` (increasing or decreasing) that lie
 * in the value window [lo, hi], widened by one sample on each side so lines run to the edges.
 */
export function indexWindow(x: Float64Array, lo: number, hi: number): [number, number] {
  const n = x.length;
  if (n === 0) return [0, -1];
  const increasing = x[n - 1]! >= x[0]!;
  // first index whose value is >= v (increasing) / <= v (decreasing)
  const search = (v: number): number => {
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (increasing ? x[m]! < v : x[m]! > v) a = m + 1;
      else b = m;
    }
    return a;
  };
  let i0 = increasing ? search(lo) : search(hi);
  let i1 = increasing ? search(hi) : search(lo);
  i0 = Math.max(0, i0 - 1);
  i1 = Math.min(n - 1, i1);
  return [i0, i1];
}

/**
 * Min/max decimation of the samples i0..i1 into `buckets` buckets, as interleaved [x, y, …]:
 * each bucket keeps its lowest and highest finite sample (so peaks survive) and, if it holds
 * uncomputed samples, its first NaN (so gaps stay gaps). Points keep their original order.
 * Ranges that are already small are copied whole.
 */
export function decimateMinMax(x: Float64Array, y: Float64Array, i0: number, i1: number, buckets: number): Float64Array {
  const count = i1 - i0 + 1;
  if (count <= 0) return new Float64Array(0);
  if (count <= 3 * buckets) {
    const out = new Float64Array(2 * count);
    for (let i = 0; i < count; i++) {
      out[2 * i] = x[i0 + i]!;
      out[2 * i + 1] = y[i0 + i]!;
    }
    return out;
  }
  const out = new Float64Array(6 * buckets);
  let k = 0;
  const picks: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const s = i0 + Math.floor((count * b) / buckets);
    const e = i0 + Math.floor((count * (b + 1)) / buckets);
    let minI = -1;
    let maxI = -1;
    let nanI = -1;
    let minV = Infinity;
    let maxV = -Infinity;
    for (let i = s; i < e; i++) {
      const v = y[i]!;
      if (v !== v) {
        if (nanI < 0) nanI = i;
        continue;
      }
      if (v < minV) {
        minV = v;
        minI = i;
      }
      if (v > maxV) {
        maxV = v;
        maxI = i;
      }
    }
    picks.length = 0;
    if (minI >= 0) picks.push(minI);
    if (maxI >= 0 && maxI !== minI) picks.push(maxI);
    if (nanI >= 0) picks.push(nanI);
    picks.sort((p, q) => p - q);
    for (const i of picks) {
      out[k++] = x[i]!;
      out[k++] = y[i]!;
    }
  }
  return out.subarray(0, k);
}
