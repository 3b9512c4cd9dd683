import { describe, expect, it } from 'vitest';
import { describeModel, getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { exampleByName } from '../../../src-core/project/examples/index';
import { validateProject } from '../../../src-core/project/validate';
import { coordsText, gridCoords, newSetFromPoint, pointParams, valueWithUnit } from '../../../src-renderer/lib/point';

const three = describeModel(getModel('three-cavity'));



describe('points of a study', () => {
  const axes = [
    { key: 'Delta', values: Float64Array.from([-1, 0, 1]) },
    { key: 'kappa_b', values: Float64Array.from([0, 0.5]) },
  ];

  it('grid coordinates, row-major with the first axis slowest', () => {
    expect(gridCoords(axes, [3, 2], 0)).toEqual([
      { key: 'Delta', value: -1 },
      { key: 'kappa_b', value: 0 },
    ]);
    expect(gridCoords(axes, [3, 2], 5)).toEqual([
      { key: 'Delta', value: 1 },
      { key: 'kappa_b', value: 0.5 },
    ]);
    expect(gridCoords(axes, [3, 2], 6)).toBeUndefined();
    expect(gridCoords([], [], 0)).toBeUndefined();
  });

  it('parameters of a point: an alias axis replaces the concrete values it sets', () => {
    const base = { Delta_a: 0.5, Delta_b: 0.5, Delta_c: 0.5, kappa_b: 1, theta: '-pi/4' };
    const p = pointParams(three.schema, base, [
      { key: 'Delta', value: 1 },
      { key: 'kappa_b', value: 0.25 },
    ]);
    expect(p).toEqual({ theta: '-pi/4', Delta: 1, kappa_b: 0.25 });
    const r = resolveParams(three.schema, p);
    expect([r.Delta_a, r.Delta_b, r.Delta_c, r.kappa_b]).toEqual([1, 1, 1, 0.25]);
  });

  it('a new parameter set from a point: valid, unique, labelled', () => {
    const doc = exampleByName('loss-induced-nonreciprocity').build('2026-01-01T00:00:00.000Z');
    const study = doc.studies.find((s) => s.id === 'map-detuning-loss')!;
    const coords = [
      { key: 'Delta', value: 0.5 },
      { key: 'kappa_b', value: 1 },
    ];
    expect(coordsText(three.schema, coords)).toBe('Δ = 0.5κ, κ_b = κ');
    const a = newSetFromPoint(doc, study, three.schema, coords, new Date('2026-02-03T00:00:00Z'));
    expect(a.set.id).toBe('point-1');
    expect(a.set.name).toBe('Δ = 0.5κ, κ_b = κ (from Map over Δ and κ_b (θ = −π/4))');
    expect(a.label).toBe('New parameter set Δ = 0.5κ, κ_b = κ');
    expect(a.set.params).toMatchObject({ solver: 'quantum', Delta: 0.5, kappa_b: 1, theta: '-pi/4', J_ab: 'sqrt(2)/2' });
    expect(a.set.params.Delta_a).toBeUndefined();
    expect(a.set.notes).toContain('2026-02-03');
    expect(() => validateProject(a.doc)).not.toThrow();
    // the original is untouched; a second set from the same point gets a new id and name
    expect(doc.parameterSets).toHaveLength(4);
    const b = newSetFromPoint(a.doc, study, three.schema, coords);
    expect(b.set.id).toBe('point-2');
    expect(b.set.name).toBe(`${a.set.name} 2`);
    expect(() => validateProject(b.doc)).not.toThrow();
    expect(valueWithUnit(-0.785, 'rad')).toBe('−0.785 rad');
    expect(valueWithUnit(0, 'κ')).toBe('0');
  });
});

