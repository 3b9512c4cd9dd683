/**
 * Figure export: how long the seed-003 example's figures take to draw and encode (the export
 * dialog's preview is the SVG step), and how large the files are.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoredStudyResult } from '../../src-core/contract/api.js';
import { Backend } from '../services/backend.js';
import { figureBytes, renderFigure, type FigureFormat } from '../export/figure-export.js';

export async function reportFigureExport(out: (s: string) => void): Promise<void> {
  const backend = new Backend({ workers: 2, autosaveMs: 0, dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-bench-')) });
  try {
    const snap = backend.projects.newProject('nonlocal-loss-coupling');
    for (const s of snap.doc.studies) await backend.projects.runStudy(snap.id, s.id).whenDone;
    const doc = backend.projects.snapshotOf(snap.id).doc;
    const read = (id: string): StoredStudyResult | undefined => backend.projects.storedResult(snap.id, id);
    // warm up (fonts, ECharts)
    await figureBytes(renderFigure(doc, 'fig4', read), 'pdf');
    for (const [figure, what] of [['fig3', '2 heatmaps (101 × 101) + 2 line panels'], ['fig5', '4 time-trace panels'], ['fig6', '3 line panels']] as const) {
      const best = (fn: () => Promise<unknown> | unknown): Promise<number> =>
        (async () => {
          let b = Infinity;
          for (let k = 0; k < 3; k++) {
            const t0 = performance.now();
            await fn();
            b = Math.min(b, performance.now() - t0);
          }
          return b;
        })();
      const svgMs = await best(() => renderFigure(doc, figure, read));
      const r = renderFigure(doc, figure, read);
      const parts = [`SVG ${svgMs.toFixed(0)} ms`];
      for (const f of ['pdf', 'png'] as FigureFormat[]) {
        const ms = await best(() => figureBytes(r, f, 600));
        const size = (await figureBytes(r, f, 600)).length;
        parts.push(`${f.toUpperCase()} +${ms.toFixed(0)} ms (${(size / 1024).toFixed(0)} KiB)`);
      }
      out(`${figure} (${what}, ${(r.widthPt / 72).toFixed(2)} × ${(r.heightPt / 72).toFixed(2)} in, PNG at 600 dpi): ${parts.join(', ')}`);
    }
  } finally {
    await backend.close();
  }
}
