/**
 * Trace panels of correlation, spectrum and pulse studies (src-core/figures/panel-data.ts traceSpec
 * and presets.ts defaultTracePanel): the curves are the stored `<trace>.<field>` arrays against
 * the study's own axis (tau, omega, t) with its symbol and unit in the axis title, the y title and
 * legend from the stored catalogue, and a simulate study's time traces drawn as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceDisplayName, traceSpec } from '../../../src-core/figures/panel-data';
import { defaultTracePanel } from '../../../src-core/figures/presets';
import { fromStored, type StudyData } from '../../../src-core/figures/study-data';
import { registerModel, unregisterModel } from '../../../src-core/models/registry';
import { traceQuantities } from '../../../src-core/project/trace-study';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type Study } from '../../../src-core/project/types';
import { runSimulation } from '../../../src-core/tasks/simulate';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../helpers/test-dynamics-model';

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));

/** A stored result of one run of the toy model, as the study runner stores it (axis + fields, catalogue). */
function stored(id: string, kind: 'correlation' | 'spectrum' | 'pulse', settings: object): StudyData {
  const out = runSimulation(TEST_DYNAMICS_ID, { params: {}, settings }, kind);
  const run = testDynamicsModel.dynamics![kind]!;
  const data: Record<string, Float64Array> = { [run.axis!.key]: out.t };
  for (const t of out.traces) for (const [f, v] of Object.entries(t.fields)) data[`${t.loss}.${f}`] = v;
  return fromStored({
    studyId: id,
    result: {
      id: `r-${id}`,
      status: 'succeeded',
      quantities: traceQuantities(run, out.traces.map((t) => t.loss)).map(({ key, symbol, label, unit }) => ({ key, symbol, label, unit })),
      provenance: { model: TEST_DYNAMICS_ID, params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 },
    },
    axes: [],
    data,
  });
}

let corr: StudyData;
let spec: StudyData;
let pulse: StudyData;
beforeAll(() => {
  corr = stored('corr', 'correlation', { from: 0, to: 2, samples: 5 });
  spec = stored('spec', 'spectrum', { values: [-1, 0, 1] });
  pulse = stored('pulse', 'pulse', { tEnd: 4, samples: 9 });
});
const lookup = (id: string): StudyData | undefined => ({ corr, spec, pulse })[id];

describe('trace panels of the quantum dynamics', () => {
  it('draw g2 against τ by default, titled with the axis symbol and unit, a curve per trace', () => {
    const s = traceSpec({ study: 'corr', kind: 'trace', series: [{ quantity: 'a->b.g2' }, { quantity: 'a->b,c.g2' }] }, lookup);
    expect(s.xKey).toBe('tau');
    expect(s.xLabel).toBe('τ (1/κ)');
    expect(s.yLabel).toBe('g^{(2)}(τ)');
    expect(s.missing).toEqual([]);
    expect(s.series.map((x) => x.name)).toEqual(['a→b', 'a→b,c']);
    expect(Array.from(s.series[0]!.x)).toEqual(Array.from(corr.data.tau!));
    expect(Array.from(s.series[1]!.y)).toEqual(Array.from(corr.data['a->b,c.g2']!));
  });

  it('draw S against ω − ω_L and a pulse’s fields against t; several fields name both in the legend', () => {
    const s = traceSpec({ study: 'spec', kind: 'trace', series: [{ quantity: 'a->b.S' }] }, lookup);
    expect([s.xKey, s.xLabel, s.yLabel]).toEqual(['omega', 'ω − ω_L (κ)', 'S(ω) (1/κ)']);
    expect(Array.from(s.series[0]!.x)).toEqual([-1, 0, 1]);
    const p = traceSpec({ study: 'pulse', kind: 'trace', series: [{ quantity: 'a->b.drive' }, { quantity: 'a->b.flux', label: 'flux' }] }, lookup);
    expect([p.xKey, p.xLabel, p.yLabel]).toEqual(['t', 't (1/κ)', '']);
    expect(p.series.map((x) => x.name)).toEqual(['Ω(t), a→b', 'flux']);
    // the panel's own titles win; a trace the result lacks is reported missing
    const q = traceSpec({ study: 'corr', kind: 'trace', x: 'tau', xLabel: 'delay', yLabel: 'g2', series: [{ quantity: 'c->d.g2' }] }, lookup);
    expect([q.xLabel, q.yLabel, q.missing]).toEqual(['delay', 'g2', ['c->d.g2']]);
    // no series given: every stored array but the axis
    expect(traceSpec({ study: 'spec', kind: 'trace' }, lookup).series.map((x) => x.name)).toEqual(['a→b', 'b→a']);
  });

  it('a simulate study without a stored catalogue keeps time in s and the raw keys', () => {
    const sim = fromStored({
      studyId: 'sim',
      result: { id: 'r', status: 'succeeded', provenance: { model: 'two-resonator', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 } },
      axes: [],
      data: { t: Float64Array.of(0, 1), 'nonlocal.s2_out': Float64Array.of(0, 0.5) },
    });
    const s = traceSpec({ study: 'sim', kind: 'trace', series: [{ quantity: 'nonlocal.s2_out' }] }, () => sim);
    expect([s.xKey, s.xLabel, s.yLabel, s.series[0]!.name]).toEqual(['t', 't (s)', '', 'nonlocal.s2_out']);
  });

  it('shows directions with arrows', () => {
    expect(['a_to_c', 'c_to_a', 'a->c', 'a->c,d', 'a<->c'].map(traceDisplayName)).toEqual(['a→c', 'c→a', 'a→c', 'a→c,d', 'a↔c']);
  });
});

describe('the default panel of a trace study', () => {
  const doc = (studies: Study[]): ProjectDocument => ({
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 't',
    created: '',
    modified: '',
    app: { name: 'NR Lab', version: 't' },
    parameterSets: [],
    studies,
    figures: [],
  });

  it('is g2 of every trace vs τ, S vs ω, the flux vs t; the traces the settings choose', () => {
    const c: Study = { id: 'c', name: 'C', kind: 'correlation', model: TEST_DYNAMICS_ID, params: {} };
    expect(defaultTracePanel(doc([c]), c)).toEqual({ study: 'c', kind: 'trace', x: 'tau', series: [{ quantity: 'a->b.g2' }, { quantity: 'b->a.g2' }, { quantity: 'a->b,c.g2' }] });
    // the names depend on the parameters (no cross trace without κ_0)
    const c0: Study = { ...c, params: { kappa_0: 0 } };
    expect(defaultTracePanel(doc([c0]), c0)!.series).toEqual([{ quantity: 'a->b.g2' }, { quantity: 'b->a.g2' }]);
    const s: Study = { id: 's', name: 'S', kind: 'spectrum', model: TEST_DYNAMICS_ID, params: {}, spectrum: { traces: ['b->a'] } };
    expect(defaultTracePanel(doc([s]), s)).toEqual({ study: 's', kind: 'trace', x: 'omega', series: [{ quantity: 'b->a.S' }] });
    const p: Study = { id: 'p', name: 'P', kind: 'pulse', model: TEST_DYNAMICS_ID, params: {} };
    expect(defaultTracePanel(doc([p]), p)).toEqual({ study: 'p', kind: 'trace', x: 't', series: [{ quantity: 'a->b.flux' }, { quantity: 'b->a.flux' }] });
    // other kinds and models without the run: none
    expect(defaultTracePanel(doc([]), { id: 'x', name: 'X', kind: 'point', model: TEST_DYNAMICS_ID, params: {} })).toBeUndefined();
    expect(defaultTracePanel(doc([]), { id: 'x', name: 'X', kind: 'pulse', model: 'two-resonator', params: {} })).toBeUndefined();
  });
});
