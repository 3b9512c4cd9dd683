/**
 * "Export as script" of the quantum dynamics studies (correlation, spectrum, pulse; docs/dynamics.md):
 * each study is run by the real model code (the registry's trace run, the entry the solver pool's
 * 'simulate' task calls) and stored as a study result is stored (the axis and `<trace>.<field>`
 * arrays, the run's `stored` output with its resolved settings and truncation); the generated
 * QuTiP script is run with the system Python and every column it writes is compared with the
 * stored array at the tolerances: g2(τ) 1e-6 absolute, spectra 1e-5 of the peak, pulse
 * responses 1e-6 of the peak flux (g2(t) 1e-6 of max(1, g2) where ⟨n⟩ ≥ 1e-3 of its peak).
 *
 * Needs /usr/bin/python3 with QuTiP and SciPy (Debian: apt-get install -y python3-qutip python3-scipy).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { parseExportCsv, studyToPythonScript, type ExportSource } from '../../../src-core/export/index';
import type { TraceKind } from '../../../src-core/models/model';
import { PRESETS } from '../../../src-core/models/network/presets';
import { canonicalSpec } from '../../../src-core/models/network/spec';
import { getModel, resolveModelParams, traceAxisOf, traceRunOf } from '../../../src-core/models/registry';
import type { Study } from '../../../src-core/project/types';
import { PYTHON, requirePython } from '../../helpers/script-export';

type DynamicsKind = Exclude<TraceKind, 'simulate'>;

/** Run a study's trace kind with the model code and store it as a project stores a trace study's result. */
function storedSource(study: Study): ExportSource {
  const kind = study.kind as DynamicsKind;
  const model = getModel(study.model);
  const run = traceRunOf(model, kind);
  const settings = (study[kind] ?? {}) as object;
  const t0 = performance.now();
  const out = run.run({ params: study.params, settings });
  const data: Record<string, Float64Array> = { [traceAxisOf(run).key]: out.t };
  for (const tr of out.traces) for (const [field, v] of Object.entries(tr.fields)) data[`${tr.loss}.${field}`] = v;
  return {
    project: { title: 'Dynamics script checks' },
    study,
    result: {
      id: `r-${study.id}`,
      status: 'succeeded',
      output: { ...out.stored, traces: out.traces.map((t) => ({ loss: t.loss, diagnostics: t.diagnostics })) },
      provenance: {
        model: model.id,
        params: resolveModelParams(model, study.params) as Record<string, number | string>,
        solver: 'quantum',
        app: { name: 'NR Lab', version: 'test' },
        date: '2026-01-01T00:00:00.000Z',
        wallMs: performance.now() - t0,
      },
    },
    axes: [],
    data,
  };
}

const dimer = PRESETS.find((p) => p.id === 'dimer-two-auxiliaries')!.spec;
// the dimer read at two outputs per direction: cross-correlations a->c,b1 and a->b1,c
const dimerTwoOutputs = canonicalSpec({ ...dimer, directions: [{ drive: 'a', Omega: 0.1, phase: 0, outputs: ['c', 'b1'] }, { drive: 'c', Omega: 0.1, phase: 0.4, outputs: ['a', 'b2'] }] });
const thermal = canonicalSpec({
  modes: [
    { name: 'a', Delta: 0.4, kappa: 1, U: 2, n_th: 0.01, kappa2: 0 },
    { name: 'b', Delta: 0, kappa: 1.2, U: 0, n_th: 0.03, kappa2: 0 },
    { name: 'c', Delta: -0.3, kappa: 0.8, U: 1.5, n_th: 0.02, kappa2: 0.2 },
  ],
  couplings: [
    { i: 'a', j: 'b', J: 0.6, phase: 0 },
    { i: 'b', j: 'c', J: 0.5, phase: 0 },
    { i: 'a', j: 'c', J: 0.4, phase: -0.8 },
  ],
  directions: [
    { drive: 'a', Omega: 0.08, phase: 0, outputs: ['c'] },
    { drive: 'c', Omega: 0.08, phase: 0, outputs: ['a'] },
  ],
});

const studies: Study[] = [
  {
    id: 'tc-corr',
    name: 'Three cavities, g2(τ), Fig. 2 point',
    kind: 'correlation',
    model: 'three-cavity',
    params: { basis: 'per-mode', fock: 3 },
    correlation: { from: 0, to: 6, samples: 13 },
  },
  {
    id: 'tc-spec',
    name: 'Three cavities, spectrum at κ_b = 1.25κ, Ω = 0.5',
    kind: 'spectrum',
    model: 'three-cavity',
    params: { basis: 'total', fock: 3, kappa_b: 1.25, Omega: 0.5 },
    spectrum: { from: -4, to: 4, samples: 21 },
  },
  {
    id: 'tc-rect',
    name: 'Three cavities, rectangular pulse from the vacuum',
    kind: 'pulse',
    model: 'three-cavity',
    params: { basis: 'per-mode', fock: 3 },
    pulse: { shape: 'rect', amplitude: 0.3, t0: 1, width: 2, tEnd: 6, samples: 31, initial: 'vacuum' },
  },
  {
    id: 'tc-off',
    name: 'Three cavities, ring-down from the steady state',
    kind: 'pulse',
    model: 'three-cavity',
    params: { basis: 'total', fock: 3, theta: 0.3 },
    pulse: { shape: 'off', t0: 1, width: 1, tEnd: 5, samples: 26 },
  },
  {
    id: 'net-corr',
    name: 'Dimer read at two outputs, g2(τ) and cross-correlations',
    kind: 'correlation',
    model: 'network',
    params: { network: dimerTwoOutputs, basis: 'total', fock: 2 },
    correlation: { values: [0, 0.3, 1, 2.5, 6] },
  },
  {
    id: 'net-spec',
    name: 'Thermal network with two-photon loss, spectrum',
    kind: 'spectrum',
    model: 'network',
    params: { network: thermal, basis: 'total', fock: 3 },
    spectrum: { from: -3, to: 3, samples: 13 },
  },
  {
    id: 'net-gauss',
    name: 'Dimer, gaussian pulse',
    kind: 'pulse',
    model: 'network',
    params: { network: dimerTwoOutputs, basis: 'total', fock: 2 },
    pulse: { shape: 'gaussian', t0: 2.5, width: 0.8, tEnd: 8, samples: 41, initial: 'vacuum' },
  },
];

/** Largest deviation of one column by the kind's rule (normalised so that the tolerance is 1e-6 or 1e-5). */
function deviation(kind: DynamicsKind, column: string, ours: Float64Array, theirs: (number | null)[], data: Record<string, Float64Array>): number {
  const field = column.slice(column.lastIndexOf('.') + 1);
  const trace = column.slice(0, column.lastIndexOf('.'));
  const peak = Math.max(...Array.from(ours, Math.abs));
  let worst = 0;
  ours.forEach((a, i) => {
    const b = theirs[i] ?? null;
    if (kind === 'pulse' && field === 'g2') {
      const n = data[`${trace}.n`]!;
      if (n[i]! < 1e-3 * Math.max(...Array.from(n))) return;
      worst = Math.max(worst, b === null ? Infinity : Math.abs(a - b) / Math.max(1, Math.abs(a)));
      return;
    }
    const d = b === null ? Infinity : Math.abs(a - b);
    worst = Math.max(worst, kind === 'correlation' ? d : d / peak);
  });
  return worst;
}

describe('exported QuTiP scripts recompute the stored quantum dynamics studies', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-dynamics-script-'));
  const sources = new Map<string, ExportSource>();
  beforeAll(() => {
    requirePython();
    for (const s of studies) sources.set(s.id, storedSource(s));
  }, 120_000);

  it.each(studies.map((s) => [s.name, s] as const))('%s', (_name, study) => {
    const src = sources.get(study.id)!;
    const kind = study.kind as DynamicsKind;
    const script = studyToPythonScript(src, { exporter: { name: 'NR Lab', version: 'test' }, exportedAt: '2026-01-01T00:00:00.000Z' });
    // standalone: QuTiP, the stored axis and settings, no NR Lab import
    expect(script).toMatch(/^#!\/usr\/bin\/env python3/);
    expect(script).toContain('import qutip');
    expect(script).not.toMatch(/^\s*(import|from)\s+nrlab/im);
    const file = path.join(dir, `${study.id}.py`);
    const out = path.join(dir, `${study.id}.csv`);
    writeFileSync(file, script);
    const r = spawnSync(PYTHON, [file, out], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, `${file} failed:\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/\[\d+\/\d+\]/); // progress on stderr
    const csv = parseExportCsv(readFileSync(out, 'utf8'));
    const axisKey = traceAxisOf(traceRunOf(study.model, kind)).key;
    const arrays = Object.keys(src.data).filter((k) => k !== axisKey);
    expect(csv.columns).toEqual([axisKey, ...arrays]);
    // the axis exactly as stored
    csv.rows.forEach((row, i) => expect(row[0]).toBe(src.data[axisKey]![i]));
    const tolerance = kind === 'spectrum' ? 1e-5 : 1e-6;
    for (const [j, column] of csv.columns.entries()) {
      if (j === 0) continue;
      const d = deviation(
        kind,
        column,
        src.data[column]!,
        csv.rows.map((row) => row[j]!),
        src.data,
      );
      expect(d, `${study.id} ${column}`).toBeLessThanOrEqual(tolerance);
    }
  }, 300_000);

  it('names the study and why when a model has no such runs', () => {
    const src: ExportSource = {
      project: { title: 'x' },
      study: { id: 's', name: 'Resonators', kind: 'correlation', model: 'two-resonator', params: {} },
      result: { id: 'r', status: 'succeeded', provenance: { model: 'two-resonator', params: {}, solver: 'x', app: { name: 'NR Lab', version: 'test' }, date: '', wallMs: 0 } },
      axes: [],
      data: { tau: Float64Array.of(0, 1) },
    };
    expect(() => studyToPythonScript(src)).toThrow(ParameterError);
    expect(() => studyToPythonScript(src)).toThrow(/two-resonator model has no correlation runs/);
  });
});
