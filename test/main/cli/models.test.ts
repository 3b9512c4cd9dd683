/** `nrlab models <model>` shows what the model package declares: quantity catalogue, presets, time-domain runs. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('nrlab models <model>', () => {
  it.each(['three-cavity', 'two-resonator'])('%s: every quantity of the catalogue with its unit and plain name, the presets as --set flags', (id) => {
    const r = nrlab('models', id);
    expect(r.code).toBe(0);
    const m = getModel(id);
    const section = r.stdout.slice(r.stdout.indexOf('Quantities at the defaults'));
    for (const q of m.quantities(resolveParams(m.schema, {}))) {
      expect(section).toMatch(new RegExp(`^  ${q.key.replace(/\./g, '\\.')}\\s+${q.unit ? `\\[${q.unit}\\]\\s+` : ''}${q.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
    for (const p of m.presets ?? []) {
      expect(section).toContain(`  ${p.name}: ${p.description}`);
      for (const [k, v] of Object.entries(p.values)) expect(section).toContain(`--set ${k}=${String(v)}`);
    }
    // nothing shown raw: no sub/superscript markup anywhere in the catalogue and presets
    expect(section).not.toMatch(/[_^]\{/);
    expect(r.stdout).toContain(m.simulate ? `Time-domain runs: nrlab simulate ${id}` : 'Time-domain runs: none');
  });

  it('nrlab simulate refuses a model without time-domain runs, naming the ones that have them', () => {
    const r = nrlab('simulate', 'three-cavity');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"nrlab simulate" supports the models with time-domain runs: two-resonator/);
  });
});
