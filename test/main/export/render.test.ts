import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { figureSize } from '../../../src-core/figures/presets';
import { composeSvg, svgToPdf, svgToPng } from '../../../src-main/export/render';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-'));

/** A two-panel figure with Greek letters, arrows, sub/superscripts and a math-script letter. */
function twoPanels(widthPt: number, heightPt: number) {
  const xs = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
  const panel = (label: string, log: boolean) => ({
    animation: false,
    textStyle: { fontFamily: 'Liberation Sans', fontSize: 8 },
    grid: { left: 36, right: 6, top: 14, bottom: 26 },
    title: { text: label, left: 0, top: 0, textStyle: { fontSize: 9, fontWeight: 'bold' as const } },
    xAxis: { type: 'value' as const, name: 'Δ/κ', nameLocation: 'middle' as const, nameGap: 16, min: -2, max: 2 },
    yAxis: { type: log ? ('log' as const) : ('value' as const), name: log ? 'g⁽²⁾ a→c' : '𝓘', nameLocation: 'middle' as const, nameGap: 24 },
    series: [{ type: 'line' as const, showSymbol: false, data: xs.map((x) => [x, Math.exp(-x * x) * (log ? 100 : 1) + 0.01]) }],
  });
  const w = widthPt / 2;
  return [
    { x: 0, y: 0, width: w, height: heightPt, option: panel('(a)', false) },
    { x: w, y: 0, width: w, height: heightPt, option: panel('(b)', true) },
  ];
}

describe('figure export (SVG → PNG, SVG → PDF)', () => {
  const size = figureSize({ rows: 1, cols: 2 }, { preset: 'aps-double' });
  const svg = composeSvg(size.widthPt, size.heightPt, twoPanels(size.widthPt, size.heightPt));

  it('SVG: valid XML, physical size, text as searchable text, unique ids, missing glyphs routed to the fallback font', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*width="504pt" height="189pt" viewBox="0 0 504 189"/);
    expect(svg).toContain('>Δ/κ</text>');
    expect(svg).toContain('>(b)</text>');
    const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // 𝓘 (U+1D4D8) is in neither sans font: that run uses DejaVu Math TeX Gyre; ⁽²⁾ uses DejaVu Sans
    expect(svg).toMatch(/font-family:DejaVu Math TeX Gyre[^>]*>𝓘<\/text>/);
    expect(svg).toMatch(/font-family:DejaVu Sans[^>]*>g⁽²⁾ a→c<\/text>/);
  });

  it('PNG: the requested pixel size (7.0 in at 600 dpi = 4200 px)', () => {
    const png = svgToPng(svg, size.widthPt, 600);
    const f = path.join(dir, 'fig.png');
    writeFileSync(f, png);
    const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(dv.getUint32(16)).toBe(4200); // IHDR width
    expect(dv.getUint32(20)).toBe(Math.round((189 / 72) * 600));
  });

  it('PNG: carries its dpi in a pHYs chunk before IDAT (600 dpi = 23622 px/m), read by an independent parser', () => {
    for (const dpi of [600, 300]) {
      const f = path.join(dir, `fig-${dpi}.png`);
      writeFileSync(f, svgToPng(svg, size.widthPt, dpi));
      // Python's struct reader walks the chunks and checks each CRC (zlib.crc32), independent of our encoder
      const script = [
        'import struct, sys, zlib',
        'b = open(sys.argv[1], "rb").read()',
        'assert b[:8] == b"\\x89PNG\\r\\n\\x1a\\n"',
        'o, order, phys = 8, [], None',
        'while o < len(b):',
        '    n, = struct.unpack(">I", b[o:o+4]); t = b[o+4:o+8]; d = b[o+8:o+8+n]; crc, = struct.unpack(">I", b[o+8+n:o+12+n])',
        '    assert zlib.crc32(t + d) & 0xffffffff == crc, t',
        '    order.append(t.decode())',
        '    if t == b"pHYs": phys = struct.unpack(">IIB", d)',
        '    o += 12 + n',
        'print(" ".join(order[:3]), phys[0], phys[1], phys[2], round(phys[0] * 0.0254))',
      ].join('\n');
      const out = execFileSync('python3', ['-c', script, f], { encoding: 'utf8' }).trim().split(' ');
      expect(out.slice(0, 2)).toEqual(['IHDR', 'pHYs']);
      expect(out.filter((t) => t === 'pHYs')).toHaveLength(1);
      expect(Number(out[3])).toBe(Math.round(dpi / 0.0254));
      expect(Number(out[4])).toBe(Math.round(dpi / 0.0254));
      expect(out[5]).toBe('1'); // metres
      expect(Number(out[6])).toBe(dpi);
    }
  });

  it('PDF: the preset page size, every font embedded as TrueType, none Type 3 (pdffonts)', async () => {
    const pdf = await svgToPdf(svg, size.widthPt, size.heightPt, { title: 'test' });
    const f = path.join(dir, 'fig.pdf');
    writeFileSync(f, pdf);
    const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+504 x 189 pts/);
    const fonts = execFileSync('pdffonts', [f], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) {
      expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes/);
      expect(line).not.toMatch(/Type 3/);
    }
    expect(fonts.some((l) => l.includes('LiberationSans'))).toBe(true);
    expect(fonts.some((l) => l.includes('DejaVuSans'))).toBe(true);
    // the text is text: extractable
    const text = execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' });
    expect(text).toContain('(a)');
    expect(text).toContain('Δ/κ');
  });
});
