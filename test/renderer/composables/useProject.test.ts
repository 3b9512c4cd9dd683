// @vitest-environment happy-dom
/**
 * Edits are checked in the renderer before they are sent (session.edit runs the same
 * validateProject as the backend, on the precompiled schema): an edit that only the project
 * checks refuse is explained beside the control, naming the field, and never reaches the backend;
 * a valid one does.
 */
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDocument } from '../../../src-core/project/types';
import { smallProject } from '../../helpers/small-project';
import { settled, type TestBackend } from '../../helpers/test-backend';
import { byId, mountApp, openFile, unmountApps } from '../../helpers/app-harness';

afterEach(unmountApps);

const edits = (fake: TestBackend): unknown[] => fake.calls.filter((c) => c.method === 'editProject');

/** smallProject with its map drawn on a log colour scale over [0.01, 1]. */
function logMapProject(): ProjectDocument {
  const doc = smallProject();
  const map = doc.figures.find((f) => f.id === 'fig-map')!;
  Object.assign(map.panels[0]!, { logZ: true, zRange: [0.01, 1] });
  return doc;
}

async function openMapFigure(): Promise<{ w: VueWrapper; fake: TestBackend }> {
  const { w, lab: fake } = await mountApp();
  await openFile(w, fake, 'log.nrlab', logMapProject());
  await vi.waitFor(() => expect(byId(w, 'tree-figure-fig-map').exists()).toBe(true));
  await byId(w, 'tree-figure-fig-map').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'panel-0-zmin').exists()).toBe(true));
  return { w, fake };
}

async function typeZmin(w: VueWrapper, text: string): Promise<void> {
  await byId(w, 'panel-0-zmin').setValue(text);
  await byId(w, 'panel-0-zmin').trigger('change');
  await settled();
}

describe('session.edit checks the document in the renderer', () => {
  it('refuses a colour range a log scale cannot draw, naming the field; nothing is sent', async () => {
    const { w, fake } = await openMapFigure();
    const before = structuredClone(fake.last().doc);
    // the panel editor's own parse accepts any min < max: only the project checks know logZ
    await typeZmin(w, '-1');
    const error = byId(w, 'panel-0-error');
    expect(error.exists()).toBe(true);
    expect(error.text()).toBe('figures[1] "figmap".panels[0].zRange: a log colour scale (logZ) needs a positive range with min < max, got [-1, 1]');
    expect(edits(fake)).toHaveLength(0);
    expect(fake.last().doc).toEqual(before);
  });

  it('sends a valid edit of the same field to the backend', async () => {
    const { w, fake } = await openMapFigure();
    await typeZmin(w, '0.1');
    expect(byId(w, 'panel-0-error').exists()).toBe(false);
    expect(edits(fake)).toHaveLength(1);
    expect(fake.last().doc.figures[1]!.panels[0]!.zRange).toEqual([0.1, 1]);
  });
});
