/**
 * A number shown on screen (readouts, tooltips, tables, status texts): up to four significant
 * digits in the one style of `formatValue` — 0.5, −2, 72.87, 6.765×10⁻⁶ — never "4.000",
 * "0.000006624" or "5.255e-7"; '—' for a missing value, ∞ for an infinite one.
 */
export function sig4(v: number | undefined | null): string {
  return formatValue(v, 4);
}

/**
 * A duration with a precision that suits its magnitude: 42 ms, 1.3 s, 12 s, 3 min 20 s, 14 min,
 * 2 h 5 min, 3 d 4 h (an ETA of hours is never shown in seconds).
 */
export function formatSeconds(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = ms / 1000;
  if (s < 1) return `${Math.max(0, Math.round(ms))} ms`;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 600) {
    const r = Math.round(s);
    return `${Math.floor(r / 60)} min ${r % 60} s`;
  }
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${min % 60} min`;
  const h = Math.round(min / 60);
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Thousands separated with thin spaces (SI style): 2 000 000. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

const PI_FRACTIONS: [number, number][] = [
  [1, 1], [1, 2], [1, 3], [1, 4], [1, 6], [1, 8], [2, 3], [3, 4], [5, 6], [3, 2], [2, 1],
];

/**
 * A default value as a physicist would type it: 0.5, -pi/4, sqrt(2)/2, 1e-3. Falls back to the
 * shortest decimal that reads back to the same double.
 */
export function formatParamValue(v: number | 'auto'): string {
  if (v === 'auto') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) || Math.abs(v) >= 1e-3) {
    const short = Number(v.toPrecision(10));
    if (short === v && String(short).length <= 8) return String(short);
  }
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  const close = (x: number): boolean => Math.abs(a - x) <= 1e-15 * Math.max(1, x);
  for (const [p, q] of PI_FRACTIONS) {
    if (close((p * Math.PI) / q)) return `${sign}${p === 1 ? '' : `${p}*`}pi${q === 1 ? '' : `/${q}`}`;
  }
  if (close(Math.SQRT2 / 2)) return `${sign}sqrt(2)/2`;
  if (close(Math.SQRT2)) return `${sign}sqrt(2)`;
  return String(v);
}

/** Up to four significant digits without trailing zeros, in the style of `formatValue`: −2, 0.5, 1.234×10⁻⁷. */
export function compact(v: number | undefined): string {
  return formatValue(v, 4);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A power-of-ten tick label with `digits` significant digits: 6.28×10⁶, 10⁻³, −2.5×10⁻⁴. */
function powerLabel(v: number, digits = 3): string {
  const exp = Math.floor(Math.log10(Math.abs(v)) + 1e-9);
  const mant = Number((v / 10 ** exp).toPrecision(digits));
  const pow = `10${String(exp).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  if (mant === 1) return pow;
  if (mant === -1) return `−${pow}`;
  return `${String(mant).replace('-', '−')}×${pow}`;
}

/**
 * A tick label as physicists print it: plain for moderate magnitudes (0.25, −2, 1500), powers of
 * ten for large and small ones (6.28×10⁶, 10⁻³).
 */
export function axisNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return compact(v).replace('-', '−');
  return powerLabel(v);
}

/**
 * The tick labels of an axis over `extent`, in one style for the whole axis: plain when its
 * largest magnitude is moderate (0, 0.0003, …, 0.0015 — never 9×10⁻⁴ beside 0.0012), powers of
 * ten otherwise (5×10³ beside 10⁴). Without an extent, each tick on its own (axisNumber).
 */
export function axisFormatter(extent?: readonly [number, number]): (v: number) => string {
  const m = extent ? Math.max(Math.abs(extent[0]), Math.abs(extent[1])) : NaN;
  if (!(m > 0) || !Number.isFinite(m)) return axisNumber;
  const plain = m >= 1e-3 && m < 1e4;
  // enough digits that neighbouring ticks differ: a narrow range far from 0 (6 283 180 … 6 283 190)
  // needs more than the usual 3–4 (ticks are about a tenth of the range apart)
  const width = Math.abs(extent![1] - extent![0]);
  const needed = width > 0 ? Math.ceil(Math.log10(m / (width / 10))) + 1 : 0;
  const digits = Math.min(15, Math.max(plain ? 4 : 3, needed));
  return (v) => {
    if (!Number.isFinite(v)) return '';
    // a tick within rounding of zero is zero
    if (v === 0 || Math.abs(v) < 1e-9 * Math.max(m, width)) return '0';
    return plain ? String(Number(v.toPrecision(digits))).replace('-', '−') : powerLabel(v, digits);
  };
}

/**
 * A value in a table of results: up to `digits` significant digits, plain for moderate magnitudes
 * (0.9723, 72.87, 35), with a power of ten for tiny and huge ones (3.299×10⁻¹⁶); '—' when missing.
 */
export function formatValue(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e7) return String(v).replace('-', '−');
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits))).replace('-', '−');
  const exp = Math.floor(Math.log10(a) + 1e-12);
  let mant = Number((v / 10 ** exp).toPrecision(digits));
  let e = exp;
  if (Math.abs(mant) >= 10) {
    mant /= 10;
    e += 1;
  }
  const pow = `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  return `${String(mant).replace('-', '−')}×${pow}`;
}
