// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDocument } from '../../../../src-core/project/types';
import { TCMT_PRESETS } from '../../../../src-core/models/tcmt-network/presets';
import { canonicalTcmtSpec, parseTcmtSpec } from '../../../../src-core/models/tcmt-network/spec';
import { smallProject } from '../../../helpers/small-project';
import type { TestBackend } from '../../../helpers/test-backend';
import { settled } from '../../../helpers/test-backend';
import { byId, mountApp, openFile, unmountApps } from '../../../helpers/app-harness';

afterEach(unmountApps);

/** The generic structure editor drawing the tcmt-network model's tables (choices, cells that do not apply, a one-row table). */
const chain = TCMT_PRESETS.find((p) => p.id === 'chain3-nonlocal')!;

async function openSet(params: Record<string, number | string>): Promise<{ w: VueWrapper; fake: TestBackend }> {
  const doc: ProjectDocument = smallProject();
  doc.parameterSets.push({ id: 'tc', name: 'Chain', model: 'tcmt-network', params });
  const { w, lab: fake } = await mountApp();
  await openFile(w, fake, 'tc.nrlab', doc);
  await vi.waitFor(() => expect(byId(w, 'tree-set-tc').exists()).toBe(true));
  await byId(w, 'tree-set-tc').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'structure-editor').exists()).toBe(true));
  return { w, fake };
}
const storedSpec = (fake: TestBackend) => parseTcmtSpec(String(fake.last().doc.parameterSets.find((p) => p.id === 'tc')!.params.spec));

describe('structure editor of the tcmt-network model', () => {
  it('a loss term’s kind is a choice; P_sat and the reference are disabled where they do not apply; choosing nonlocal fills the reference', async () => {
    const { w, fake } = await openSet({ spec: canonicalTcmtSpec(chain.spec) });
    const kind = byId(w, 'cell-losses-0-kind');
    expect(kind.element.tagName).toBe('SELECT');
    expect(kind.findAll('option').map((o) => (o.element as HTMLOptionElement).value)).toEqual(['linear', 'kerr', 'saturable', 'nonlocal']);
    expect(byId(w, 'cell-losses-0-P_sat').attributes('disabled')).toBeDefined();
    expect(byId(w, 'cell-losses-0-P_sat').attributes('aria-label')).toMatch(/not applicable/);
    expect(byId(w, 'cell-losses-0-reference').element.tagName).toBe('SELECT');
    // a saturable term: P_sat applies (filled with 1), the reference no longer
    await kind.setValue('saturable');
    await settled();
    expect(byId(w, 'cell-losses-0-P_sat').element).toHaveProperty('value', '1');
    expect(byId(w, 'cell-losses-0-reference').attributes('disabled')).toBeDefined();
    expect(storedSpec(fake).resonators[2]!.losses).toEqual([{ kind: 'saturable', gamma: 0.5, P_sat: 1 }]);
    await byId(w, 'cell-losses-0-kind').setValue('nonlocal');
    await settled();
    expect(storedSpec(fake).resonators[2]!.losses).toEqual([{ kind: 'nonlocal', gamma: 0.5, reference: 'r1' }]);
  });

  it('the ports are numbered; the input is one row without add or remove; a bad driven port is named at its cell', async () => {
    const { w } = await openSet({ spec: canonicalTcmtSpec(chain.spec) });
    expect(byId(w, 'row-label-ports-1').text()).toBe('port 2');
    expect(byId(w, 'add-input').exists()).toBe(false);
    expect(byId(w, 'remove-input-0').exists()).toBe(false);
    const port = byId(w, 'cell-input-0-port');
    (port.element as HTMLInputElement).value = '3';
    await port.trigger('input');
    await settled();
    expect(byId(w, 'cell-error-input-0-port').text()).toBe('Driven port: must be a port number 1 … 2, got 3');
  });

  it('a seed-003 spec shows its physical numbers short and stores them exactly when another cell is edited', async () => {
    const seed = TCMT_PRESETS.find((p) => p.id === 'seed003-nonlocal')!;
    const { w, fake } = await openSet({ spec: canonicalTcmtSpec(seed.spec) });
    expect(byId(w, 'cell-resonators-0-omega').element).toHaveProperty('value', '2e6*pi');
    expect(byId(w, 'cell-resonators-0-gamma').element).toHaveProperty('value', '3.181e6');
    const chi = byId(w, 'cell-resonators-1-chi');
    (chi.element as HTMLInputElement).value = '2';
    await chi.trigger('input');
    await chi.trigger('change');
    await settled();
    const spec = storedSpec(fake);
    expect(spec.resonators[1]!.chi).toBe(2);
    expect(spec.resonators[0]!.gamma).toBe(seed.spec.resonators[0]!.gamma);
    expect(spec.resonators[0]!.omega).toBe(seed.spec.resonators[0]!.omega);
    expect(byId(w, 'structure-schematic').find('[data-id="mode-r2-chi"]').exists()).toBe(true);
  });
});
