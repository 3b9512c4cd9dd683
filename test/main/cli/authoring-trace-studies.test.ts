/**
 * `nrlab add study --kind correlation|spectrum|pulse` and trace panels of `nrlab add figure`, run
 * in-process (cmdAdd) against a toy dynamics model registered for the test: the flags become the
 * study's settings, the kind follows from --tau/--omega/--pulse, and bad input is refused naming
 * the flag while the file stays byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { registerModel, unregisterModel } from '../../../src-core/models/registry';
import { ProjectArchive } from '../../../src-core/project/container';
import type { ProjectDocument } from '../../../src-core/project/types';
import { AUTHORING_USAGE, cmdAdd } from '../../../src-main/cli/authoring-commands';
import { Backend } from '../../../src-main/services/backend';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../helpers/test-dynamics-model';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-author-dyn-'));
const file = path.join(dir, 'dyn.nrlab');
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const docOf = (f: string): ProjectDocument => ProjectArchive.open(new Uint8Array(readFileSync(f))).doc;

beforeAll(async () => {
  vi.stubEnv('NRLAB_DATA_DIR', mkdtempSync(path.join(os.tmpdir(), 'nrlab-author-dyn-data-')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  registerModel(testDynamicsModel);
  const backend = new Backend({ workers: 1, autosaveMs: 0, watchMs: 0 });
  const snap = backend.projects.newProject();
  await backend.projects.saveProject(snap.id, file);
  await backend.close();
});
afterAll(() => {
  unregisterModel(TEST_DYNAMICS_ID);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function refused(args: string[]): Promise<ParameterError> {
  const before = sha(file);
  let caught: unknown;
  try {
    await cmdAdd(args);
  } catch (e) {
    caught = e;
  }
  expect(caught, args.join(' ')).toBeInstanceOf(ParameterError);
  expect(sha(file), `${args.join(' ')} left the file as it was`).toBe(before);
  return caught as ParameterError;
}

describe('nrlab add study for the quantum dynamics', () => {
  it('documents the new kinds and flags in nrlab add --help', () => {
    expect(AUTHORING_USAGE).toMatch(/--kind point\|sweep\|simulate\|optimize\|correlation\|spectrum\|pulse/);
    for (const flag of ['--tau from:to:samples', '--omega from:to:samples', '--pulse SHAPE', '--initial vacuum|steady', '--traces NAME', 'tau:TRACE@STUDY', 'omega:TRACE@STUDY']) expect(AUTHORING_USAGE).toContain(flag);
  });

  it('adds each kind from its flags (the kind following from them) with the settings as given', async () => {
    const m = ['--model', TEST_DYNAMICS_ID];
    await cmdAdd(['study', file, '--name', 'Corr', ...m, '--tau', '0:5:51', '--traces', 'a->b,a->b,c', '--set', 'Delta=0.25']);
    await cmdAdd(['study', file, '--name', 'Corr list', ...m, '--kind', 'correlation', '--tau', '0,0.5,2']);
    await cmdAdd(['study', file, '--name', 'Corr n', ...m, '--kind', 'correlation', '--samples', '11']);
    await cmdAdd(['study', file, '--name', 'Spec', ...m, '--omega', '-3:3:61']);
    await cmdAdd(['study', file, '--name', 'Pulse', ...m, '--pulse', 'gaussian:amplitude=0.2,t0=5,width=1', '--t-end', '12', '--samples', '241', '--initial', 'vacuum', '--traces', 'b->a']);
    await cmdAdd(['study', file, '--name', 'Ring-down', ...m, '--kind', 'pulse', '--pulse', 'off:t0=2']);
    await cmdAdd(['study', file, '--name', 'Defaults', ...m, '--kind', 'spectrum']);
    const studies = docOf(file).studies;
    const by = (n: string) => studies.find((s) => s.name === n)!;
    expect(by('Corr')).toMatchObject({ kind: 'correlation', model: TEST_DYNAMICS_ID, params: { Delta: '0.25' }, correlation: { from: 0, to: 5, samples: 51, traces: ['a->b', 'a->b,c'] } });
    expect(by('Corr list').correlation).toEqual({ values: [0, 0.5, 2] });
    expect(by('Corr n').correlation).toEqual({ samples: 11 });
    expect(by('Spec')).toMatchObject({ kind: 'spectrum', spectrum: { from: -3, to: 3, samples: 61 } });
    expect(by('Pulse')).toMatchObject({ kind: 'pulse', pulse: { shape: 'gaussian', amplitude: 0.2, t0: 5, width: 1, tEnd: 12, samples: 241, initial: 'vacuum', traces: ['b->a'] } });
    expect(by('Ring-down').pulse).toEqual({ shape: 'off', t0: 2 });
    expect(by('Defaults').spectrum).toBeUndefined();
    expect(by('Defaults').kind).toBe('spectrum');
  });

  it('refuses bad input naming the flag, the file unchanged', async () => {
    const m = ['--model', TEST_DYNAMICS_ID];
    const cases: [string[], string, RegExp][] = [
      [['--tau', '-1:5:11'], '--tau', /the delay τ must be ≥ 0, got -1/],
      [['--tau', '0,1,-2'], '--tau', /the delay τ must be ≥ 0, got -2/],
      [['--tau', '5:1:11'], '--tau', /from must be less than to/],
      [['--tau', '0:5'], '--tau', /from:to:samples/],
      [['--tau', '0:5:11', '--samples', '3'], '--samples', /--tau already gives the samples/],
      [['--omega', 'x,1'], '--omega', /value 1 must be a finite number/],
      [['--tau', '0:1:3', '--traces', 'nope,b->a'], '--traces', /"nope" is not a correlation trace of test-dynamics here; it has a->b, b->a, a->b,c/],
      [['--set', 'kappa_0=0', '--tau', '0:1:3', '--traces', 'a->b,c'], '--traces', /"a->b,c" is not a correlation trace of test-dynamics here; it has a->b, b->a$/],
      [['--pulse', 'square'], '--pulse', /shape must be one of on, off, rect, gaussian/],
      [['--pulse', 'rect:width=0'], '--pulse', /width must be positive/],
      [['--pulse', 'rect:t0=20', '--t-end', '10'], '--pulse', /the pulse starts at t0 = 20, at or after the run's end tEnd = 10/],
      [['--pulse', 'rect', '--t-end', '0'], '--t-end', /must be positive/],
      [['--pulse', 'rect', '--samples', '1'], '--samples', /whole number from 2 to 100000, got 1/],
      [['--pulse', 'rect', '--initial', 'thermal'], '--initial', /vacuum or steady/],
      [['--pulse', 'rect', '--width', '2'], '--width', /belongs to a simulate study, not a pulse study \(a pulse's width is part of --pulse SHAPE:width=…\)/],
      [['--tau', '0:1:3', '--omega', '0:1:3'], '--omega', /belongs to a spectrum study, not a correlation study/],
      [['--kind', 'spectrum', '--pulse', 'rect'], '--pulse', /belongs to a pulse study, not a spectrum study/],
      [['--kind', 'point', '--traces', 'a->b'], '--traces', /belongs to a correlation, spectrum or pulse study, not a point study/],
      [['--omega', '0:1:3', '--port', '2'], '--port', /belongs to a simulate study, not a spectrum study/],
      [['--kind', 'wave'], '--kind', /must be one of point, sweep, simulate, optimize, correlation, spectrum, pulse, continuation, got "wave"/],
    ];
    for (const [flags, flag, why] of cases) {
      const e = await refused(['study', file, ...m, ...flags]);
      expect(e.param, flags.join(' ')).toBe(flag);
      expect(e.reason, flags.join(' ')).toMatch(why);
    }
    // a model without the kind: named under --kind with the models that have it
    const e = await refused(['study', file, '--model', 'two-resonator', '--tau', '0:1:3']);
    expect(e.param).toBe('--kind');
    expect(e.reason).toMatch(/the two-resonator model has no correlation runs, so no correlation study; models with them: .*test-dynamics/);
  });

  it('adds trace panels of a correlation, spectrum and pulse study against their axes', async () => {
    await cmdAdd(['figure', file, '--name', 'Dyn', '--panel', 'tau:a->b.g2@Corr,a->b,c.g2@Corr;logy', '--panel', 'omega:a->b.S@Spec,b->a.S@Spec', '--panel', 't:b->a.flux@Pulse']);
    const f = docOf(file).figures.find((x) => x.name === 'Dyn')!;
    const ids = Object.fromEntries(docOf(file).studies.map((s) => [s.name, s.id]));
    expect(f.panels).toEqual([
      { study: ids.Corr, kind: 'trace', x: 'tau', series: [{ quantity: 'a->b.g2' }, { quantity: 'a->b,c.g2' }], logY: true },
      { study: ids.Spec, kind: 'trace', x: 'omega', series: [{ quantity: 'a->b.S' }, { quantity: 'b->a.S' }] },
      { study: ids.Pulse, kind: 'trace', x: 't', series: [{ quantity: 'b->a.flux' }] },
    ]);
    const cases: [string, RegExp][] = [
      ['t:a->b.g2@Corr', /a correlation study is drawn against tau: use tau:TRACE\.FIELD@STUDY, got "t"/],
      ['tau:b->a.g2@Corr', /"b->a\.g2" is not a trace of "Corr"; it has a->b\.g2, a->b,c\.g2/],
      ['tau:a->b.S@Corr', /"a->b\.S" is not a trace of "Corr"/],
      ['omega:a->b.S@Spec,a->b.g2@Corr', /"Corr" is a correlation study; this panel overlays spectrum studies only/],
      ['t:a->b.flux@Pulse', /"a->b\.flux" is not a trace of "Pulse"; it has b->a\.drive, b->a\.flux, b->a\.n, b->a\.g2/],
    ];
    for (const [spec, why] of cases) {
      const e = await refused(['figure', file, '--panel', spec]);
      expect(e.param, spec).toBe('--panel 1');
      expect(e.reason, spec).toMatch(why);
    }
  });
});
