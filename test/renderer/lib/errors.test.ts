// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { NrlabError, ParameterError, toErrorPayload } from '../../../src-core/errors';
import { describeError } from '../../../src-renderer/lib/errors';

describe('describeError', () => {
  it('takes param and reason from errors and payloads', () => {
    expect(describeError(new ParameterError('kappa_a', 'must be > 0'))).toEqual({ param: 'kappa_a', reason: 'must be > 0', code: 'bad-input' });
    expect(describeError(toErrorPayload(new ParameterError('J_ac', 'too big')))).toMatchObject({ param: 'J_ac', reason: 'too big' });
    expect(describeError(new NrlabError('internal', 'lost'))).toEqual({ reason: 'lost', code: 'internal' });
  });

  it('recovers the parameter from a bare message (what Electron contextBridge keeps of an Error)', () => {
    const e = new Error("Error invoking remote method 'nrlab:call': ParameterError: kappa_a: must be > 0 (loss), got -1");
    expect(describeError(e, ['kappa', 'kappa_a'])).toEqual({ param: 'kappa_a', reason: 'must be > 0 (loss), got -1' });
    expect(describeError(new Error('plain failure'), ['kappa_a'])).toEqual({ reason: 'plain failure' });
    expect(describeError(42)).toEqual({ reason: 'unknown error' });
  });
});

