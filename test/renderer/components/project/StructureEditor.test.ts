// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDocument } from '../../../../src-core/project/types';
import { listModels } from '../../../../src-core/models/registry';
import { smallProject } from '../../../helpers/small-project';
import type { TestBackend } from '../../../helpers/test-backend';
import { settled } from '../../../helpers/test-backend';
import { byId, mountApp, openFile, unmountApps } from '../../../helpers/app-harness';

afterEach(unmountApps);

/** The model with a structure editor, found through the registry (no model id written here). */
const structured = (): { id: string; presets: { id: string; name: string; value: Record<string, unknown> }[] } => {
  const m = listModels().find((x) => x.structure)!;
  return { id: m.id, presets: m.structure!.presets };
};

type Spec = { modes: { name: string; kappa: number; Delta: number }[]; couplings: { i: string; j: string; J: number; phase: number }[]; directions: unknown[] };

function project(params: Record<string, number | string>): ProjectDocument {
  const doc = smallProject();
  const { id } = structured();
  doc.parameterSets.push({ id: 'net', name: 'My network', model: id, params });
  return doc;
}

async function openSet(params: Record<string, number | string> = {}): Promise<{ w: VueWrapper; fake: TestBackend }> {
  const { w, lab: fake } = await mountApp();
  await openFile(w, fake, 'net.nrlab', project(params));
  await vi.waitFor(() => expect(byId(w, 'tree-set-net').exists()).toBe(true));
  await byId(w, 'tree-set-net').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'structure-editor').exists()).toBe(true));
  return { w, fake };
}

const stored = (fake: TestBackend): Record<string, number | string | undefined> => fake.last().doc.parameterSets.find((p) => p.id === 'net')!.params;
/** The edits the renderer sent (each one undoable edit), with their labels. */
const edits = (fake: TestBackend): string[] => fake.calls.filter((c) => c.method === 'editProject').map((c) => (c.args as { label: string }).label);
const storedSpec = (fake: TestBackend): Spec => JSON.parse(String(stored(fake).network)) as Spec;

async function type(w: VueWrapper, id: string, text: string, commit = true): Promise<void> {
  // typed (input events only); `commit`: then applied (the change event of Enter or leaving the cell)
  const el = byId(w, id);
  (el.element as HTMLInputElement).value = text;
  await el.trigger('input');
  if (commit) await el.trigger('change');
  await settled();
}

describe('structure editor (the network model’s tables)', () => {
  it('shows the default network’s tables and schematic, and only the set whose model has a structure gets one', async () => {
    const { w } = await openSet();
    expect(byId(w, 'structure-table-modes').findAll('tbody tr')).toHaveLength(3);
    expect(byId(w, 'cell-modes-1-name').element).toHaveProperty('value', 'b');
    expect(byId(w, 'cell-couplings-0-phase').element).toHaveProperty('value', '-pi/4');
    const svg = byId(w, 'structure-schematic').find('svg');
    expect(svg.findAll('[data-role="kerr"][data-id^="mode-"]').length).toBeGreaterThan(0);
    expect(svg.text()).toContain('φ −π/4');
    await byId(w, 'tree-set-base').trigger('click');
    await settled();
    expect(byId(w, 'structure-editor').exists()).toBe(false);
  });

  it('names the bad cell while typing, commits nothing invalid, and keeps the last valid schematic', async () => {
    const { w, fake } = await openSet();
    const before = edits(fake).length;
    // a coupling of a mode to itself: the check names couplings[1].j
    await type(w, 'cell-couplings-1-i', 'b');
    expect(byId(w, 'cell-error-couplings-1-j').text()).toMatch(/couples mode "b" to itself/);
    expect(byId(w, 'cell-couplings-1-j').attributes('aria-invalid')).toBe('true');
    expect(edits(fake).length).toBe(before);
    const svg = byId(w, 'structure-schematic').html();
    // a text that is no number: its own cell, the others untouched
    await type(w, 'cell-modes-0-kappa', 'abc', false);
    expect(byId(w, 'cell-error-modes-0-kappa').text()).toContain('Loss');
    expect(byId(w, 'cell-error-modes-0-Delta').exists()).toBe(false);
    expect(byId(w, 'structure-schematic').html()).toBe(svg);
    // negative loss: the model's own reason, at the cell
    await type(w, 'cell-modes-0-kappa', '-1', false);
    expect(byId(w, 'cell-error-modes-0-kappa').text()).toMatch(/within 0 … 10000/);
    expect(edits(fake).length).toBe(before);
  });

  it('an edited phase is one undoable edit storing the canonical spec; the schematic redraws as you type; undo restores it', async () => {
    const { w, fake } = await openSet({ solver: 'classical' });
    await type(w, 'cell-couplings-0-phase', 'pi/2', false);
    // before the edit is applied the schematic already shows it
    expect(byId(w, 'structure-schematic').text()).toContain('φ π/2');
    // nothing stored yet: the set has the model's default network
    expect(stored(fake).network).toBeUndefined();
    await byId(w, 'cell-couplings-0-phase').trigger('change');
    await settled();
    expect(storedSpec(fake).couplings[0]!.phase).toBe(Math.PI / 2);
    expect(stored(fake).solver).toBe('classical');
    expect(edits(fake).at(-1)).toMatch(/phase of coupling 1 in My network/);
    await byId(w, 'action-undo').trigger('click');
    await settled();
    expect(stored(fake).network).toBeUndefined();
    await vi.waitFor(() => expect(byId(w, 'cell-couplings-0-phase').element).toHaveProperty('value', '-pi/4'));
  });

  it('a set’s own value of a spec number shows in the table; an edit folds it into the spec and drops the override', async () => {
    const { w, fake } = await openSet({ 'a.Delta': 2 });
    expect(byId(w, 'cell-modes-0-Delta').element).toHaveProperty('value', '2');
    await type(w, 'cell-modes-1-kappa', '3');
    expect(stored(fake)['a.Delta']).toBeUndefined();
    expect(storedSpec(fake).modes[0]!.Delta).toBe(2);
    expect(storedSpec(fake).modes[1]!.kappa).toBe(3);
  });

  it('adds a mode (a new name, new parameters in the form), couples it, renames it everywhere, removes it', async () => {
    const { w, fake } = await openSet();
    await byId(w, 'add-modes').trigger('click');
    await settled();
    expect(storedSpec(fake).modes.map((m) => m.name)).toEqual(['a', 'b', 'c', 'd']);
    await vi.waitFor(() => expect(byId(w, 'set-param-d.Delta').exists()).toBe(true));
    await byId(w, 'add-couplings').trigger('click');
    await settled();
    expect(storedSpec(fake).couplings.at(-1)).toMatchObject({ i: 'a', j: 'd', J: 0.5 });
    await type(w, 'cell-modes-3-name', 'x');
    expect(storedSpec(fake).couplings.at(-1)).toMatchObject({ i: 'a', j: 'x' });
    await vi.waitFor(() => expect(byId(w, 'set-param-x-a.J').exists() || byId(w, 'set-param-a-x.J').exists()).toBe(true));
    await byId(w, 'remove-modes-3').trigger('click');
    await settled();
    expect(storedSpec(fake).modes.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    expect(storedSpec(fake).couplings.some((c) => c.j === 'x' || c.i === 'x')).toBe(false);
  });

  it('a preset replaces the network in one edit and drops the values of modes it does not have', async () => {
    const { presets } = structured();
    const two = presets.find((p) => (p.value.modes as unknown[]).length === 2)!;
    const { w, fake } = await openSet({ 'b.kappa': 2, 'a.U': 4, solver: 'classical' });
    const sel = byId(w, 'structure-preset');
    expect(sel.findAll('option').map((o) => o.text())).toEqual(expect.arrayContaining(presets.map((p) => p.name)));
    await sel.setValue(two.id);
    await settled();
    expect(JSON.parse(String(stored(fake).network))).toEqual(two.value);
    expect(stored(fake)['b.kappa']).toBeUndefined();
    // the preset is the network as it is: a value of a mode it keeps is replaced by the preset's too
    expect(stored(fake)['a.U']).toBeUndefined();
    expect(stored(fake).solver).toBe('classical');
    expect(edits(fake).at(-1)).toContain(two.name);
  });

  it('is keyboard accessible: every cell and button has a name, Enter applies a cell', async () => {
    const { w, fake } = await openSet();
    const editor = byId(w, 'structure-editor');
    for (const el of editor.findAll('input, select, button')) expect(el.attributes('aria-label') ?? el.text()).toBeTruthy();
    const cell = byId(w, 'cell-couplings-0-J');
    const before = edits(fake).length;
    (cell.element as HTMLInputElement).value = '0.5';
    await cell.trigger('input');
    // Enter, and the change event the browser sends after it: one edit
    await cell.trigger('keydown', { key: 'Enter' });
    await cell.trigger('change');
    await settled();
    expect(storedSpec(fake).couplings[0]!.J).toBe(0.5);
    expect(edits(fake).length).toBe(before + 1);
  });
});
