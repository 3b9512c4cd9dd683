import { describe, expect, it } from 'vitest';
import { costEstimate, fileNameFor, storedValue } from '../../../src-renderer/lib/project-edit';
import { smallProject } from '../../helpers/small-project';


describe('project edits', () => {
  it('stores plain numbers as numbers and expressions as typed', () => {
    expect(storedValue(' 0.5 ')).toBe(0.5);
    expect(storedValue('1e-3')).toBe(0.001);
    expect(storedValue('-pi/4')).toBe('-pi/4');
    expect(storedValue('auto')).toBe('auto');
  });

  it('suggests a file name from the title', () => {
    expect(fileNameFor('Loss-induced quantum nonreciprocity (Li et al.)')).toBe('Loss-induced-quantum-nonreciprocity-Li-et-al.nrlab');
    expect(fileNameFor('///')).toBe('project.nrlab');
  });

  it('estimates a run: points and truncation, and a time once the study ran', () => {
    const doc = smallProject();
    const map = doc.studies[1]!;
    expect(costEstimate(doc, map, 2)).toEqual({ points: '6 points', truncation: 'classical S-matrix (no truncation)', time: '' });
    const pt = doc.studies[2]!;
    expect(costEstimate(doc, pt, 2).truncation).toBe('quantum, total excitations ≤ auto (convergence test)');
    map.result = { id: 'r', status: 'cancelled', done: 3, total: 6, provenance: { model: 'three-cavity', params: {}, solver: 'classical', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 300, workers: 4 } };
    // 300 ms × 4 workers for 3 points → 400 ms per point-worker; 6 points on 2 workers → 1.2 s
    expect(costEstimate(doc, map, 2).time).toBe('≈ 1.2 s on 2 workers (from the last run)');
  });
});
