/**
 * The tcmt-network model's structure editor (src-core/models/tcmt-network/editor.ts) through the
 * generic editor's logic (src-renderer/lib/structure-edit.ts): the flat tables round-trip every
 * preset's nested spec exactly, choice and not-applicable cells, errors at the cell the nested
 * spec's check means, renames and removals following references.
 */
import { describe, expect, it } from 'vitest';
import { tcmtStructure as def } from '../../../src-core/models/tcmt-network/editor';
import { TCMT_PRESETS } from '../../../src-core/models/tcmt-network/presets';
import { canonicalTcmtSpec, parseTcmtSpec } from '../../../src-core/models/tcmt-network/spec';
import { getModel } from '../../../src-core/models/registry';
import { checkDraft, draftOf, fillApplicable, numberText, removeRow, renameRefs, type StructureDraft } from '../../../src-renderer/lib/structure-edit';

const preset = (id: string) => TCMT_PRESETS.find((p) => p.id === id)!;
const draftFor = (id: string): StructureDraft => draftOf(def, def.read(canonicalTcmtSpec(preset(id).spec)));
/** The errors of a draft (cell id → reason). */
const errorsOf = (d: StructureDraft): Record<string, string> => checkDraft(def, d).errors;

describe('tcmt-network structure: tables of the nested spec', () => {
  it('is the tcmt-network model’s structure, on its spec parameter, with its presets', () => {
    expect(getModel('tcmt-network').structure).toBe(def);
    expect(def.param).toBe('spec');
    expect(def.presets.map((p) => p.id)).toEqual(TCMT_PRESETS.map((p) => p.id));
    expect(def.tables.map((t) => t.key)).toEqual(['resonators', 'couplings', 'losses', 'ports', 'input']);
  });

  it('every preset: read → cell texts → check → canonical is the preset’s canonical spec, exactly', () => {
    for (const p of TCMT_PRESETS) {
      const text = canonicalTcmtSpec(p.spec);
      const c = checkDraft(def, draftOf(def, def.read(text)));
      expect(c.errors, p.id).toEqual({});
      expect(c.canonical, p.id).toBe(text);
      // and from the preset's own tables
      expect(checkDraft(def, draftOf(def, def.presets.find((x) => x.id === p.id)!.value)).canonical, p.id).toBe(text);
      expect(parseTcmtSpec(c.canonical)).toEqual(p.spec);
    }
    // no text: the model's default spec (the first preset)
    expect(def.canonical(def.read(undefined))).toBe(canonicalTcmtSpec(TCMT_PRESETS[0]!.spec));
  });

  it('one row per loss term, naming its resonator, in spec order; ports numbered by row; one input row', () => {
    const v = def.read(canonicalTcmtSpec(preset('chain3-nonlocal').spec));
    expect(v.losses).toEqual([{ resonator: 'r3', kind: 'nonlocal', gamma: 0.5, reference: 'r1' }]);
    expect(v.ports).toEqual([{ resonator: 'r1' }, { resonator: 'r3' }]);
    expect(v.input).toEqual([{ omega: 0, amplitude: 1, port: 1 }]);
    // two terms on r2, one on r1, given out of resonator order: the spec keeps each resonator's own order
    const d = draftFor('chain3-nonlocal');
    d.losses = [
      { resonator: 'r2', kind: 'kerr', gamma: '2' },
      { resonator: 'r1', kind: 'linear', gamma: '0.1' },
      { resonator: 'r2', kind: 'saturable', gamma: '3', P_sat: '0.5' },
    ];
    const spec = parseTcmtSpec(checkDraft(def, d).canonical);
    expect(spec.resonators[0]!.losses).toEqual([{ kind: 'linear', gamma: 0.1 }]);
    expect(spec.resonators[1]!.losses).toEqual([
      { kind: 'kerr', gamma: 2 },
      { kind: 'saturable', gamma: 3, P_sat: 0.5 },
    ]);
    expect(spec.resonators[2]!.losses).toEqual([]);
  });

  it('physical numbers show compactly, keep their exact value while unchanged, and accept expressions', () => {
    const d = draftFor('seed003-nonlocal');
    const r = d.resonators![0]!;
    expect(r.omega).toBe('2e6*pi');
    expect(r.gamma).toBe('3.181e6');
    expect(d.couplings![0]!.kappa_ij).toBe('1e6*pi');
    for (const t of ['2e6*pi', '3.181e6', '1e6*pi']) expect(t.length).toBeLessThanOrEqual(8);
    // unchanged texts: the exact values (Math.hypot(0.5e6, π·1e6) is not 3.181e6)
    const G = Math.hypot(0.5e6, Math.PI * 1e6);
    expect((checkDraft(def, d).value.resonators as { gamma: number }[])[0]!.gamma).toBe(G);
    // typed: what is typed
    r.gamma = '3.181e6';
    expect((checkDraft(def, d).value.resonators as { gamma: number }[])[0]!.gamma).toBe(G);
    r.gamma = '3.2e6';
    expect((checkDraft(def, d).value.resonators as { gamma: number }[])[0]!.gamma).toBe(3.2e6);
    r.omega = '2*pi*1e6';
    expect((checkDraft(def, d).value.resonators as { omega: number }[])[0]!.omega).toBe(2 * Math.PI * 1e6);
    // short numbers as a physicist types them
    expect(numberText(0.2)).toBe('0.2');
    expect(numberText(-Math.PI / 4)).toBe('-pi/4');
    expect(numberText(Math.PI * 1e6)).toBe('1e6*pi');
    expect(numberText(1234567.891)).toBe('1.235e6');
    expect(numberText(1e6)).toBe('1e6');
    expect(numberText(123456.789)).toBe('123456.789');
  });
});

describe('tcmt-network structure: choice and not-applicable cells', () => {
  it('P_sat applies only to a saturable term and the reference only to a nonlocal one: elsewhere no field, no error', () => {
    const d = draftFor('seed003-saturable');
    expect(d.losses).toEqual([{ resonator: 'r2', kind: 'saturable', gamma: '1e6', P_sat: '1', reference: '' }]);
    const kind = def.tables.find((t) => t.key === 'losses')!.columns.find((c) => c.key === 'kind')!;
    expect(kind.kind).toBe('choice');
    expect(kind.options!.map((o) => o.value)).toEqual(['linear', 'kerr', 'saturable', 'nonlocal']);
    // a linear term: its P_sat text (left from before) and a stray reference are not applicable — ignored
    d.losses![0]!.kind = 'linear';
    d.losses![0]!.reference = 'nonsense!';
    const c = checkDraft(def, d);
    expect(c.errors).toEqual({});
    expect((c.value.losses as object[])[0]).toEqual({ resonator: 'r2', kind: 'linear', gamma: 1e6 });
    expect(parseTcmtSpec(c.canonical).resonators[1]!.losses).toEqual([{ kind: 'linear', gamma: 1e6 }]);
  });

  it('choosing a kind fills the cells it makes applicable: P_sat its default, the reference another resonator', () => {
    const d = draftFor('seed003-kerr');
    d.losses![0]!.kind = 'saturable';
    fillApplicable(def, d, 'losses', 0, 'kind');
    expect(d.losses![0]!.P_sat).toBe('1');
    expect(parseTcmtSpec(checkDraft(def, d).canonical).resonators[1]!.losses).toEqual([{ kind: 'saturable', gamma: 1e6, P_sat: 1 }]);
    d.losses![0]!.kind = 'nonlocal';
    fillApplicable(def, d, 'losses', 0, 'kind');
    // the term is on r2: its reference starts at the first other resonator
    expect(d.losses![0]!.reference).toBe('r1');
    expect(parseTcmtSpec(checkDraft(def, d).canonical).resonators[1]!.losses).toEqual([{ kind: 'nonlocal', gamma: 1e6, reference: 'r1' }]);
    // a cell already filled is kept
    d.losses![0]!.kind = 'saturable';
    d.losses![0]!.P_sat = '7';
    fillApplicable(def, d, 'losses', 0, 'kind');
    expect(d.losses![0]!.P_sat).toBe('7');
  });

  it('an applicable P_sat left blank is an error at its cell; a blank optional γ₀ or χ is the default 0', () => {
    const d = draftFor('seed003-saturable');
    d.losses![0]!.P_sat = '';
    expect(Object.keys(errorsOf(d))).toEqual(['losses.0.P_sat']);
    d.losses![0]!.P_sat = '0';
    expect(errorsOf(d)).toEqual({ 'losses.0.P_sat': 'must be > 0, got 0' });
    const e = draftFor('kerr-bistable');
    e.resonators![0]!.chi = '';
    e.resonators![0]!.gamma0 = ' ';
    const c = checkDraft(def, e);
    expect(c.errors).toEqual({});
    expect(parseTcmtSpec(c.canonical).resonators[0]).toMatchObject({ chi: 0, gamma0: 0 });
  });
});

describe('tcmt-network structure: errors at the cell', () => {
  it('a nonlocal reference to no resonator, or to its own, at the loss row’s reference cell', () => {
    const d = draftFor('chain3-nonlocal');
    d.losses!.unshift({ resonator: 'r1', kind: 'linear', gamma: '0.1', reference: '' });
    // the nonlocal term is now row 1 of the table but losses[0] of r3 in the spec
    d.losses![1]!.reference = 'r9';
    expect(errorsOf(d)).toEqual({ 'losses.1.reference': 'no resonator is named "r9"; resonators: r1, r2, r3' });
    d.losses![1]!.reference = 'r3';
    expect(Object.keys(errorsOf(d))).toEqual(['losses.1.reference']);
    expect(errorsOf(d)['losses.1.reference']).toMatch(/another resonator than r3/);
  });

  it('a negative loss rate at its row; a loss term on no resonator at its resonator cell', () => {
    const d = draftFor('chain3-nonlocal');
    d.losses!.push({ resonator: 'r2', kind: 'kerr', gamma: '-1', reference: '' });
    expect(errorsOf(d)).toEqual({ 'losses.1.gamma': 'must be ≥ 0, got -1' });
    d.losses![1]!.gamma = '1';
    d.losses![1]!.resonator = '';
    expect(Object.keys(errorsOf(d))).toEqual(['losses.1.resonator']);
  });

  it('a duplicate coupling at its row; a coupling of a resonator to itself at j', () => {
    const d = draftFor('chain3-nonlocal');
    d.couplings!.push({ i: 'r2', j: 'r1', kappa_ij: '0.5', kappa_ji: '0.5' });
    const e = errorsOf(d);
    expect(Object.keys(e)).toEqual(['couplings.2']);
    expect(e['couplings.2']).toMatch(/r2 and r1 are already coupled/);
    d.couplings![2] = { i: 'r3', j: 'r3', kappa_ij: '1', kappa_ji: '1' };
    expect(Object.keys(errorsOf(d))).toEqual(['couplings.2.j']);
  });

  it('a port on a resonator without port loss at that resonator’s γ; a second port on one resonator at the port; a bad driven port at the input', () => {
    const d = draftFor('chain3-nonlocal');
    d.ports!.push({ resonator: 'r2' });
    const e = errorsOf(d);
    expect(Object.keys(e)).toEqual(['resonators.1.gamma']);
    expect(e['resonators.1.gamma']).toMatch(/r2 has a port, so its port loss γ must be > 0/);
    d.ports![2] = { resonator: 'r1' };
    expect(errorsOf(d)).toEqual({ 'ports.2.resonator': 'resonator r1 already has a port' });
    d.ports!.pop();
    d.input![0]!.port = '3';
    expect(errorsOf(d)).toEqual({ 'input.0.port': 'must be a port number 1 … 2, got 3' });
  });

  it('a text that is no number at its own cell, named by the column', () => {
    const d = draftFor('seed003-nonlocal');
    d.couplings![0]!.kappa_ji = 'pi*';
    const e = errorsOf(d);
    expect(Object.keys(e)).toEqual(['couplings.0.kappa_ji']);
  });
});

describe('tcmt-network structure: rows added, renamed, removed', () => {
  it('a renamed resonator follows into couplings, loss rows, nonlocal references and ports', () => {
    const d = draftFor('chain3-nonlocal');
    renameRefs(def, d, 'resonators', 'r1', 'in');
    d.resonators![0]!.name = 'in';
    const spec = parseTcmtSpec(checkDraft(def, d).canonical);
    expect(spec.couplings[0]).toMatchObject({ i: 'in', j: 'r2' });
    expect(spec.resonators[2]!.losses).toEqual([{ kind: 'nonlocal', gamma: 0.5, reference: 'in' }]);
    expect(spec.ports).toEqual(['in', 'r3']);
  });

  it('a removed resonator takes its couplings, its loss terms, the nonlocal terms referencing it and its port', () => {
    const d = draftFor('chain3-nonlocal');
    d.losses!.push({ resonator: 'r2', kind: 'linear', gamma: '0.1', reference: 'r1' }, { resonator: 'r1', kind: 'kerr', gamma: '1', reference: '' });
    removeRow(def, d, 'resonators', 0);
    expect(d.resonators!.map((r) => r.name)).toEqual(['r2', 'r3']);
    expect(d.couplings).toEqual([{ i: 'r2', j: 'r3', kappa_ij: '1', kappa_ji: '1' }]);
    // the linear term's stale (not applicable) reference to r1 does not remove it
    expect(d.losses!.map((l) => `${l.resonator}:${l.kind}`)).toEqual(['r2:linear']);
    expect(d.ports).toEqual([{ resonator: 'r3' }]);
    expect(checkDraft(def, d).errors).toEqual({});
  });

  it('new rows: a fresh name, the first uncoupled pair with κᵢⱼ = κⱼᵢ, a linear term, a port on a free resonator with port loss', () => {
    const v = def.read(canonicalTcmtSpec(preset('chain3-nonlocal').spec));
    const r = def.newRow(v, 'resonators');
    expect(r).toMatchObject({ name: 'r4', omega: 0, gamma: 0, gamma0: 0.2, chi: 0 });
    const c = def.newRow(v, 'couplings');
    expect(c).toEqual({ i: 'r1', j: 'r3', kappa_ij: 1, kappa_ji: 1 });
    expect(def.newRow(v, 'losses')).toMatchObject({ kind: 'linear', resonator: 'r3' });
    // each new row, added, still checks
    for (const t of ['resonators', 'couplings', 'losses'] as const) {
      const w = { ...v, [t]: [...(v[t] as object[]), def.newRow(v, t)] };
      expect(() => def.canonical(w), t).not.toThrow();
    }
    // ports: r2 has no port loss, so with r1 and r3 taken the new port goes on r2 — and the check names r2's γ
    const w = { ...v, ports: [...(v.ports as object[]), def.newRow(v, 'ports')] };
    expect((w.ports as { resonator: string }[])[2]!.resonator).toBe('r2');
    const two = def.read(canonicalTcmtSpec(preset('seed003-linear').spec));
    expect(def.newRow({ ...two, ports: [{ resonator: 'r2' }] }, 'ports')).toEqual({ resonator: 'r1' });
  });

  it('withValues holds no parameter: the set’s ω and |s+| are the drive, the input row the spec’s defaults', () => {
    const v = def.read(undefined);
    expect(def.withValues(v, { omega: 5, amplitude: 2 })).toEqual({ value: v, keys: [] });
  });
});
