// @vitest-environment happy-dom
/**
 * The optimise settings form: the objective from the model's catalogue (options without markup),
 * bounds parsed as expressions and committed in the model's units, a bad bound named beside it
 * (nothing committed), another parameter varied, at most four.
 */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { describeModel, getModel } from '../../../../../src-core/models/registry';
import type { OptimizeSettings } from '../../../../../src-core/project/types';
import OptimizeEditor from '../../../../../src-renderer/components/project/study-editor/OptimizeEditor.vue';

const model = describeModel(getModel('three-cavity'));
const settings: OptimizeSettings = { objective: { quantity: model.quantities[0]!.key, goal: 'maximize' }, vary: [{ key: 'theta', lo: -1, hi: 1 }] };

function mountEditor(s: OptimizeSettings = settings) {
  const commits: OptimizeSettings[] = [];
  const w = mount(OptimizeEditor, {
    props: { settings: s, model, onCommit: (next: OptimizeSettings, done: (e?: unknown) => void) => (commits.push(next), done()) },
  });
  return { w, commits };
}
const byId = (w: ReturnType<typeof mount>, id: string) => w.find(`[data-testid="${id}"]`);

describe('OptimizeEditor', () => {
  it('commits the goal, the objective and bounds typed as expressions', async () => {
    const { w, commits } = mountEditor();
    await byId(w, 'optimize-goal-minimize').trigger('click');
    expect(commits.at(-1)!.objective).toEqual({ quantity: settings.objective.quantity, goal: 'minimize' });
    const q = model.quantities[1]!.key;
    await byId(w, 'optimize-quantity').setValue(q);
    expect(commits.at(-1)!.objective.quantity).toBe(q);
    await byId(w, 'optimize-vary-0-lo').setValue('-pi');
    await byId(w, 'optimize-vary-0-hi').setValue('pi/2');
    await byId(w, 'optimize-vary-0-hi').trigger('change');
    expect(commits.at(-1)!.vary).toEqual([{ key: 'theta', lo: -Math.PI, hi: Math.PI / 2 }]);
    for (const o of w.findAll('option')) expect(o.text()).not.toMatch(/[_^{}]/);
  });

  it('names a bad bound and commits nothing', async () => {
    const { w, commits } = mountEditor();
    await byId(w, 'optimize-vary-0-lo').setValue('two');
    await byId(w, 'optimize-vary-0-lo').trigger('change');
    expect(commits).toHaveLength(0);
    expect(byId(w, 'optimize-error').text()).toMatch(/^vary Coupling phase \(from\): /);
  });

  it('varies another parameter (a free one), up to four', async () => {
    const { w, commits } = mountEditor();
    await byId(w, 'optimize-add-vary').trigger('click');
    const v = commits.at(-1)!.vary;
    expect(v).toHaveLength(2);
    expect(v[1]!.key).not.toBe('theta');
    const four: OptimizeSettings = { ...settings, vary: ['theta', 'kappa_b', 'Delta_a', 'Delta_c'].map((key) => ({ key, lo: 0, hi: 1 })) };
    const { w: w4 } = mountEditor(four);
    expect(byId(w4, 'optimize-add-vary').attributes('disabled')).toBeDefined();
  });
});
