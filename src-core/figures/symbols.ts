/** One piece of a symbol in paper notation: plain text, or a subscript / superscript. */
export interface SymbolPart {
  text: string;
  kind: 'base' | 'sub' | 'sup';
}

/**
 * Split a symbol written with TeX-like marks into parts: `κ_a` → κ + sub a, `T_{a→c}` →
 * T + sub a→c, `e^{iθ}` → e + sup iθ. Text without marks is one base part.
 */
export function parseSymbol(symbol: string): SymbolPart[] {
  const parts: SymbolPart[] = [];
  let base = '';
  let i = 0;
  const pushBase = (): void => {
    if (base) parts.push({ text: base, kind: 'base' });
    base = '';
  };
  while (i < symbol.length) {
    const c = symbol[i]!;
    if ((c === '_' || c === '^') && i + 1 < symbol.length) {
      pushBase();
      const kind = c === '_' ? 'sub' : 'sup';
      let text: string;
      if (symbol[i + 1] === '{') {
        const close = symbol.indexOf('}', i + 2);
        const end = close < 0 ? symbol.length : close;
        text = symbol.slice(i + 2, end);
        i = end + 1;
      } else {
        // an unbraced mark takes the following run of letters/digits (κ_ab → κ + sub ab)
        const m = /^[\p{L}\p{N}]+/u.exec(symbol.slice(i + 1));
        text = m ? m[0] : symbol[i + 1]!;
        i += 1 + text.length;
      }
      parts.push({ text, kind });
    } else {
      base += c;
      i++;
    }
  }
  pushBase();
  return parts;
}

/** Plain-text rendering for places that cannot show markup (native tooltips, aria labels). */
export function plainSymbol(symbol: string): string {
  return parseSymbol(symbol)
    .map((p) => (p.kind === 'base' ? p.text : p.kind === 'sub' ? `_${p.text}` : `^${p.text}`))
    .join('');
}
