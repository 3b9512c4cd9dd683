import { describe, expect, it } from 'vitest';
import { describeModel, listModels } from '../../../src-core/models/registry';
import { continuousKeys } from '../../../src-renderer/lib/authoring-edit';
import { modelAt, schemaFor, structureOf } from '../../../src-renderer/lib/model-schema';

/** The models as the API describes them (ModelInfo: the default structure's schema). */
const infos = listModels().map(describeModel);
const structured = infos.find((m) => structureOf(m.id))!;
const plain = infos.find((m) => !structureOf(m.id))!;
const XY = JSON.stringify({
  modes: [
    { name: 'x', kappa: 1, U: 2 },
    { name: 'y', kappa: 1 },
  ],
  couplings: [{ i: 'x', j: 'y', J: 0.5, phase: 0.3 }],
  directions: [
    { drive: 'x', Omega: 0.1, outputs: ['y'] },
    { drive: 'y', Omega: 0.1, outputs: ['x'] },
  ],
});

describe('the renderer’s schema of a model at given values', () => {
  it('a network of modes x, y offers x.Delta, x-y.phase … (its spec’s values as defaults), not the default network’s keys', () => {
    const schema = schemaFor(structured, { network: XY });
    const keys = continuousKeys(schema).map((k) => k.key);
    expect(keys).toEqual(expect.arrayContaining(['x.Delta', 'y.kappa', 'x-y.J', 'x-y.phase', 'x.Omega']));
    expect(keys.some((k) => k.startsWith('a.') || k.startsWith('a-'))).toBe(false);
    const phase = schema.params.find((p) => p.key === 'x-y.phase');
    expect(phase?.kind === 'number' && phase.default).toBe(0.3);
  });

  it('its quantities are the network’s own outputs', () => {
    const at = modelAt(structured, { network: XY, solver: 'classical' });
    const keys = at.quantities.map((q) => q.key);
    expect(keys).toEqual(expect.arrayContaining(['x->y.T', 'y->x.T', 'x<->y.isolation']));
    expect(keys.some((k) => k.includes('a->'))).toBe(false);
  });

  it('a structure that does not parse, no parameters, or a model without a structure: the schema the API describes', () => {
    expect(schemaFor(structured, { network: '{"modes": []}' })).toBe(structured.schema);
    expect(modelAt(structured, { network: 'not json' })).toBe(structured);
    expect(schemaFor(plain, { anything: 1 })).toBe(plain.schema);
    expect(schemaFor(undefined)).toEqual({ params: [], aliases: [] });
    expect(continuousKeys(schemaFor(structured, {})).map((k) => k.key)).toEqual(continuousKeys(structured.schema).map((k) => k.key));
  });
});
