import { parseSymbol } from './symbols';

/**
 * Axis titles and legend entries in paper notation (`g^{(2)}_{a→c}(0)`, `γ_{k} (s^{-1})`) as
 * ECharts rich text: real sub- and superscripts, italic math letters, upright words, numbers and
 * units. ECharts cannot lay out markup, so every run becomes a `{style|text}` fragment whose style
 * is one of {@link richStyles}.
 */

export const SERIF = "'STIX Two Math', 'Cambria Math', 'Times New Roman', serif";
export const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";

type Level = '' | 's' | 'p';

/** The rich-text styles used by {@link richText}: i/r = italic/upright, s/p = sub/superscript. */
export function richStyles(color: string, size = 14, fonts: { sans: string; math: string } = { sans: SANS, math: SERIF }): Record<string, Record<string, unknown>> {
  const small = Math.round(size * 0.72 * 10) / 10;
  const shift = Math.round(size * 4.5) / 10;
  const gap = Math.round((size / 14) * 10) / 10;
  const base = (italic: boolean, serif: boolean, fontSize: number): Record<string, unknown> => ({
    fontFamily: serif ? fonts.math : fonts.sans,
    fontStyle: italic ? 'italic' : 'normal',
    fontSize,
    color,
  });
  return {
    i: base(true, true, size + 1),
    r: base(false, false, size - 1),
    is: { ...base(true, true, small), verticalAlign: 'bottom', padding: [shift, 0, 0, gap] },
    rs: { ...base(false, true, small), verticalAlign: 'bottom', padding: [shift, 0, 0, gap] },
    ip: { ...base(true, true, small), verticalAlign: 'top', padding: [0, 0, shift, gap] },
    rp: { ...base(false, true, small), verticalAlign: 'top', padding: [0, 0, shift, gap] },
  };
}

/** One styled run of a label. */
export interface RichRun {
  text: string;
  italic: boolean;
  level: Level;
}

/** Runs of a base-level text: words (two or more Latin letters) and numbers upright, math letters italic. */
function splitRuns(text: string, level: Level, upright: boolean): RichRun[] {
  const out: RichRun[] = [];
  const push = (t: string, italic: boolean): void => {
    const last = out[out.length - 1];
    if (last && last.italic === italic) last.text += t;
    else out.push({ text: t, italic, level });
  };
  if (upright) {
    push(text, false);
    return out;
  }
  const re = /[A-Za-z]{2,}|[\p{L}]|[^\p{L}]+/gu;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    const word = /^[A-Za-z]{2,}$/.test(t);
    const letter = !word && /^\p{L}$/u.test(t);
    push(t, letter);
  }
  return out;
}

/**
 * Split a label into runs. A trailing parenthesised group after a space — a unit or a remark,
 * e.g. ' (rad/s)', ' (s^{-1})' — is set upright, as units are in print.
 */
export function richRuns(label: string): RichRun[] {
  const m = /^(.*?\S)(\s+\(.*\))$/.exec(label);
  const head = m ? m[1]! : label;
  const tail = m ? m[2]! : '';
  const runs: RichRun[] = [];
  const add = (part: string, upright: boolean): void => {
    for (const p of parseSymbol(part)) {
      const level: Level = p.kind === 'sub' ? 's' : p.kind === 'sup' ? 'p' : '';
      runs.push(...splitRuns(p.text, level, upright));
    }
  };
  add(head, false);
  if (tail) add(tail, true);
  return runs;
}

/** ECharts rich text of a label in paper notation (use with `rich: richStyles(…)`). */
export function richText(label: string): string {
  return richRuns(label)
    .map((r) => `{${r.italic ? 'i' : 'r'}${r.level}|${r.text.replace(/[{}]/g, '')}}`)
    .join('');
}

const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
  a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
  a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ',
};

/**
 * Plain Unicode for places without rich text (native option lists, tooltips of the OS, window
 * titles): sub- and superscripts become the Unicode characters where every character has one
 * (g^{(2)} → g⁽²⁾, s^{-1} → s⁻¹, γ_k → γₖ); otherwise they are written without markup — one
 * character as it is (κ_b → κb), several in parentheses (T_{a→c} → T(a→c)). Never `_` or `^`.
 */
export function unicodeText(label: string): string {
  return parseSymbol(label)
    .map((p) => {
      if (p.kind === 'base') return p.text;
      const table = p.kind === 'sub' ? SUB : SUP;
      const chars = [...p.text];
      if (chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
      return chars.length > 1 ? `(${p.text})` : p.text;
    })
    .join('');
}

/** HTML of a label (tooltips): <sub>/<sup>, escaped. */
export function htmlText(label: string): string {
  const esc = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return parseSymbol(label)
    .map((p) => (p.kind === 'sub' ? `<sub>${esc(p.text)}</sub>` : p.kind === 'sup' ? `<sup>${esc(p.text)}</sup>` : esc(p.text)))
    .join('');
}
