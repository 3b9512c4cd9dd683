import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src-core/project/types';

/** A small valid project of the three-cavity model: a 1-D sweep, a 2-D sweep, a point study and a figure of each. */
export function smallProject(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Small test project',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'base', name: 'Base point', model: 'three-cavity', params: { solver: 'classical', kappa_b: 1, theta: '-pi/4' } }],
    studies: [
      { id: 'scan', name: 'Detuning scan', kind: 'sweep', model: 'three-cavity', parameterSet: 'base', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: 5 }] },
      {
        id: 'map',
        name: 'Map',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'base',
        params: {},
        axes: [
          { key: 'Delta', start: -1, stop: 1, count: 3 },
          { key: 'kappa_b', values: [0, 1] },
        ],
      },
      { id: 'pt', name: 'Photon statistics', kind: 'point', model: 'three-cavity', parameterSet: 'base', params: { solver: 'quantum' } },
    ],
    figures: [
      {
        id: 'fig-line',
        name: 'figline',
        title: 'Transmission',
        layout: { rows: 1, cols: 1 },
        panels: [
          {
            study: 'scan',
            kind: 'line',
            x: 'Delta',
            series: [
              { quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728', dash: 'solid' },
              { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' },
            ],
            xLabel: 'Δ/κ',
            yLabel: 'T',
            yRange: [0, 1],
          },
        ],
      },
      {
        id: 'fig-map',
        name: 'figmap',
        title: 'Isolation map',
        layout: { rows: 1, cols: 2 },
        panels: [
          { study: 'map', kind: 'heatmap', quantity: 'isolation', x: 'Delta', colorbarLabel: '𝓘' },
          { study: 'map', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }] },
        ],
      },
      {
        id: 'fig-bar',
        name: 'figbar',
        layout: { rows: 1, cols: 1 },
        panels: [{ study: 'pt', kind: 'bar', series: [{ quantity: 'a_to_c.P_c', label: 'P_{c}(m)' }, { quantity: 'a_to_c.poisson_c', label: '𝒫_{c}(m)' }], logY: true }],
      },
    ],
  };
}
