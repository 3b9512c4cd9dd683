import { describe, expect, it } from 'vitest';
import type { NrlabEvents, SweepRequest } from '../../../src-core/contract/api';
import type { JobSnapshot, SweepHeader } from '../../../src-core/studies/results';
import { LiveExplorer, type LiveResult } from '../../../src-renderer/lib/live';

/**
 * A fake backend: startSweep answers when the test says so; each job "computes" y = value of the
 * live parameter at every point (so a result tells which parameters it was computed at) and
 * finishes when the test says so. Timers are manual.
 */
class FakeBackend {
  jobs: { id: string; req: SweepRequest; status: JobSnapshot['status']; cancelArgs?: { drain?: boolean } }[] = [];
  private listeners: { name: string; fn: (p: unknown) => void }[] = [];
  private starts: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private next = 1;

  api = {
    on: <K extends keyof NrlabEvents>(name: K, fn: (p: NrlabEvents[K]) => void) => {
      const l = { name, fn: fn as (p: unknown) => void };
      this.listeners.push(l);
      return () => (this.listeners = this.listeners.filter((x) => x !== l));
    },
    startSweep: (req: SweepRequest) =>
      new Promise<{ job: JobSnapshot; header: SweepHeader }>((resolve, reject) => {
        const id = `job-${this.next++}`;
        const job = { id, req, status: 'running' as const };
        this.jobs.push(job);
        const axis = req.axes[0] as { key: string; start: number; stop: number; count: number };
        const values = Array.from({ length: axis.count }, (_, i) => axis.start + ((axis.stop - axis.start) * i) / Math.max(1, axis.count - 1));
        const header: SweepHeader = {
          model: req.model,
          params: {},
          axes: [{ key: axis.key, values: Float64Array.from(values) }],
          shape: [axis.count],
          quantities: [{ key: 'y', symbol: 'y', label: 'y', unit: '' }],
          range: { start: 0, end: axis.count },
          ...(req.coarse ? { coarse: { fock: 3 } } : {}),
        };
        this.starts.push({
          resolve: () => resolve({ job: this.snapshot(id), header }),
          reject: (e) => reject(e),
        });
      }),
    cancelJob: (args: { jobId: string; drain?: boolean }) => {
      const j = this.jobs.find((x) => x.id === args.jobId)!;
      j.cancelArgs = args;
      if (j.status === 'running') j.status = 'cancelled';
      return Promise.resolve(this.snapshot(j.id));
    },
  };

  snapshot(id: string): JobSnapshot {
    const j = this.jobs.find((x) => x.id === id)!;
    return { id, kind: 'sweep', model: 'm', status: j.status, done: 0, total: 1, progress: 0, failedPoints: 0, startedAt: 0 };
  }

  emit(name: string, payload: unknown): void {
    for (const l of [...this.listeners]) if (l.name === name) l.fn(payload);
  }

  /** Answer every pending startSweep. */
  async answerStarts(): Promise<void> {
    const s = this.starts;
    this.starts = [];
    for (const x of s) x.resolve();
    await flush();
  }

  /** The job computes and finishes (data then 'job.finished'), unless it was cancelled (then only its cancelled snapshot). */
  async finish(id: string, status: JobSnapshot['status'] = 'succeeded'): Promise<void> {
    const j = this.jobs.find((x) => x.id === id)!;
    const axis = j.req.axes[0] as { count: number };
    const value = Number(j.req.params.kappa_b);
    if (j.status === 'running') {
      this.emit('job.data', { jobId: id, start: 0, end: axis.count, data: { y: new Float64Array(axis.count).fill(value) }, failed: [] });
      j.status = status;
    }
    this.emit('job.finished', this.snapshot(id));
    await flush();
  }

  get running() {
    return this.jobs.filter((j) => j.status === 'running');
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(opts: { points?: number; clock?: () => number } = {}) {
  const be = new FakeBackend();
  const form = { kappa_b: 1, valid: true };
  const shown: LiveResult[] = [];
  const timers: { cb: () => void; ms: number; live: boolean }[] = [];
  const live = new LiveExplorer(be.api, {
    request: () => (form.valid ? { model: 'm', params: { kappa_b: form.kappa_b }, axes: [{ key: 'Delta', start: -2, stop: 2, count: opts.points ?? 81 }] } : undefined),
    commit: (key, value) => {
      expect(key).toBe('kappa_b');
      form.kappa_b = value;
    },
    show: (r) => shown.push(r),
    setTimer: (cb, ms) => {
      const t = { cb, ms, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { live: boolean }).live = false;
    },
    ...(opts.clock ? { now: opts.clock } : {}),
  });
  const fireRest = async (): Promise<void> => {
    for (const t of timers.splice(0)) if (t.live) t.cb();
    await flush();
  };
  return { be, form, shown, live, fireRest };
}

describe('live exploration (generation numbers, throttling, coarse vs exact)', () => {
  it('draws a coarse sweep while dragging, labelled approximate, then the exact one after release', async () => {
    const { be, form, shown, live } = setup();
    live.move('kappa_b', 1.2);
    expect(form.kappa_b).toBe(1.2);
    expect(be.jobs).toHaveLength(1);
    const coarseReq = be.jobs[0]!.req;
    expect(coarseReq.coarse).toBe(true);
    expect((coarseReq.axes[0] as { count: number }).count).toBe(21);
    await be.answerStarts();
    await be.finish('job-1');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.phase).toBe('coarse');
    expect(shown[0]!.header.coarse).toEqual({ fock: 3 });
    expect(shown[0]!.data.y![0]).toBe(1.2);

    live.release('kappa_b', 1.3);
    const exactReq = be.jobs[1]!.req;
    expect(exactReq.coarse).toBeUndefined();
    expect((exactReq.axes[0] as { count: number }).count).toBe(81);
    await be.answerStarts();
    await be.finish('job-2');
    expect(shown).toHaveLength(2);
    expect(shown[1]!.phase).toBe('exact');
    expect(shown[1]!.header.coarse).toBeUndefined();
    expect(shown[1]!.data.y![40]).toBe(1.3);
    expect(form.kappa_b).toBe(1.3);
  });

  it('never queues: moves during a running coarse sweep only replace the pending value, committed when the next starts', async () => {
    const { be, form, shown, live } = setup();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    for (const v of [1.2, 1.3, 1.4, 1.5, 1.6]) live.move('kappa_b', v);
    // one sweep running, nothing queued; the form still shows the value it computes
    expect(be.jobs).toHaveLength(1);
    expect(form.kappa_b).toBe(1.1);
    await be.finish('job-1');
    // the result matches the inputs shown: drawn; then the newest pending value starts (skipping 1.2 … 1.5)
    expect(shown.map((r) => r.data.y![0])).toEqual([1.1]);
    expect(be.jobs).toHaveLength(2);
    expect(be.jobs[1]!.req.params.kappa_b).toBe(1.6);
    expect(form.kappa_b).toBe(1.6);
  });

  it('drops a stale answer: a coarse result whose parameters no longer match the form (typed meanwhile) is not drawn', async () => {
    const { be, form, shown, live } = setup();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    form.kappa_b = 2; // typed in the field
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    expect(live.stats.dropped).toBe(1);
  });

  it('drops an answer whose sweep range changed meanwhile', async () => {
    const be = new FakeBackend();
    let stop = 2;
    const shown: LiveResult[] = [];
    const live = new LiveExplorer(be.api, {
      request: () => ({ model: 'm', params: { kappa_b: 1 }, axes: [{ key: 'Delta', start: -2, stop, count: 81 }] }),
      commit: () => undefined,
      show: (r) => shown.push(r),
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    live.release('kappa_b', 1);
    await be.answerStarts();
    stop = 3;
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    stop = 2;
    live.release('kappa_b', 1.5);
    await be.answerStarts();
    await be.finish('job-2');
    expect(shown).toHaveLength(1);
  });

  it('invalidate (the form changed by other means) cancels the live sweep and drops its answer', async () => {
    const { be, shown, live } = setup();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    live.invalidate();
    expect(be.jobs[0]!.status).toBe('cancelled');
    expect(be.jobs[0]!.cancelArgs?.drain).toBe(true);
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
  });

  it('release cancels the superseded coarse sweep, and its late answer is never drawn (not as exact either)', async () => {
    const { be, shown, live } = setup();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    live.release('kappa_b', 1.4);
    expect(be.jobs[0]!.status).toBe('cancelled');
    await be.answerStarts();
    // the coarse job's data and finished events arrive late (a drained chunk)
    be.jobs[0]!.status = 'running';
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    await be.finish('job-2');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.phase).toBe('exact');
    expect(shown[0]!.data.y![0]).toBe(1.4);
  });

  it('a move supersedes a running exact sweep: it is cancelled and its answer dropped; the coarse one starts', async () => {
    const { be, shown, live } = setup();
    live.release('kappa_b', 1.4);
    await be.answerStarts();
    live.move('kappa_b', 0.7);
    expect(be.jobs[0]!.status).toBe('cancelled');
    expect(be.jobs[1]!.req.coarse).toBe(true);
    be.jobs[0]!.status = 'running';
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    await be.answerStarts();
    await be.finish('job-2');
    expect(shown.map((r) => [r.phase, r.data.y![0]])).toEqual([['coarse', 0.7]]);
  });

  it('an answer for a sweep whose start has not returned yet is applied once it does (events before the answer)', async () => {
    const { be, shown, live } = setup();
    live.move('kappa_b', 1.1);
    // the job computes and finishes before startSweep's answer reaches the page
    be.jobs[0]!.status = 'running';
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    await be.answerStarts();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.data.y![5]).toBe(1.1);
  });

  it('resting 150 ms without movement starts the exact sweep while the pointer is held; releasing there adds nothing', async () => {
    const { be, shown, live, fireRest } = setup();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    await be.finish('job-1');
    await fireRest();
    expect(be.jobs).toHaveLength(2);
    expect(be.jobs[1]!.req.coarse).toBeUndefined();
    live.release('kappa_b', 1.1);
    expect(be.jobs).toHaveLength(2);
    await be.answerStarts();
    await be.finish('job-2');
    expect(shown.map((r) => r.phase)).toEqual(['coarse', 'exact']);
  });

  it('adapts the coarse points to the time budget at the last sweep’s pace, within 21 … 41 and never above the sweep’s own count', async () => {
    let t = 0;
    const { be, live } = setup({ clock: () => t });
    expect(live.coarseCount()).toBe(21);
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    t += 21; // 1 ms per point: 60 fit, at most 41
    await be.finish('job-1');
    expect(live.coarseCount()).toBe(41);
    live.move('kappa_b', 1.2);
    expect((be.jobs[1]!.req.axes[0] as { count: number }).count).toBe(41);
    await be.answerStarts();
    t += 41 * 10; // 10 ms per point: 6 fit, at least 21
    await be.finish('job-2');
    expect(live.coarseCount()).toBe(21);

    const small = setup({ points: 11 });
    small.live.move('kappa_b', 1.1);
    expect((small.be.jobs[0]!.req.axes[0] as { count: number }).count).toBe(11);
  });

  it('an invalid form starts nothing; a failed live sweep is reported, not drawn', async () => {
    const { be, form, shown, live } = setup();
    form.valid = false;
    live.move('kappa_b', 1.1);
    expect(be.jobs).toHaveLength(0);
    form.valid = true;
    const errors: string[] = [];
    const l2 = new LiveExplorer(be.api, {
      request: () => ({ model: 'm', params: { kappa_b: form.kappa_b }, axes: [{ key: 'Delta', start: 0, stop: 1, count: 5 }] }),
      commit: (_k, v) => (form.kappa_b = v),
      show: (r) => shown.push(r),
      error: (m) => errors.push(String(m)),
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    l2.release('kappa_b', 3);
    await be.answerStarts();
    await be.finish(be.jobs[be.jobs.length - 1]!.id, 'failed');
    expect(shown).toHaveLength(0);
    expect(errors).toEqual(['the sweep failed']);
  });
});

/** The explorer of a project study: final values are handed to `settle` (committed and run by the study). */
function setupSettle() {
  const settled: [string, number][] = [];
  const base = setup();
  const timers: { cb: () => void; live: boolean }[] = [];
  base.live.dispose();
  const live = new LiveExplorer(base.be.api, {
    request: () => ({ model: 'm', params: { kappa_b: base.form.kappa_b }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 81 }] }),
    commit: (_k, v) => (base.form.kappa_b = v),
    show: (r) => base.shown.push(r),
    settle: (k, v) => settled.push([k, v]),
    setTimer: (cb) => {
      const t = { cb, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      (t as { live: boolean }).live = false;
    },
  });
  const fireRest = async (): Promise<void> => {
    for (const t of timers.splice(0)) if (t.live) t.cb();
    await flush();
  };
  return { ...base, live, settled, fireRest };
}

describe('live exploration of a project study (settle: the final value is committed and run by the owner)', () => {
  it('release hands the value over once, cancels the coarse sweep in flight and starts no exact live sweep; its late answer is dropped', async () => {
    const { be, shown, live, settled } = setupSettle();
    live.move('kappa_b', 1.1);
    await be.answerStarts();
    live.release('kappa_b', 1.4);
    expect(settled).toEqual([['kappa_b', 1.4]]);
    expect(be.jobs).toHaveLength(1);
    expect(be.jobs[0]!.status).toBe('cancelled');
    expect(be.jobs[0]!.cancelArgs?.drain).toBe(true);
    be.jobs[0]!.status = 'running';
    await be.finish('job-1');
    expect(shown).toHaveLength(0);
    expect(live.active).toBe(false);
  });

  it('a rest while the pointer is held draws an exact preview and settles nothing; the release then settles once', async () => {
    const { be, shown, live, settled, fireRest } = setupSettle();
    live.move('kappa_b', 1.2, true);
    await be.answerStarts();
    await be.finish('job-1');
    await fireRest();
    expect(settled).toEqual([]);
    expect(be.jobs).toHaveLength(2);
    expect(be.jobs[1]!.req.coarse).toBeUndefined();
    await be.answerStarts();
    await be.finish('job-2');
    expect(shown.map((r) => [r.phase, r.data.y![0]])).toEqual([
      ['coarse', 1.2],
      ['exact', 1.2],
    ]);
    live.release('kappa_b', 1.2);
    expect(settled).toEqual([['kappa_b', 1.2]]);
    expect(be.jobs).toHaveLength(2);
  });

  it('the wheel (no pointer held) settles the newest value when it rests, once; the pending value is not swept', async () => {
    const { be, live, settled, fireRest } = setupSettle();
    live.move('kappa_b', 1.1, false);
    live.move('kappa_b', 1.2, false);
    live.move('kappa_b', 1.3, false);
    expect(be.jobs).toHaveLength(1);
    await fireRest();
    expect(settled).toEqual([['kappa_b', 1.3]]);
    await be.answerStarts();
    // the superseded sweep's start answered after the settle: it is cancelled then, nothing else starts
    expect(be.jobs[0]!.status).toBe('cancelled');
    expect(be.jobs).toHaveLength(1);
    await fireRest();
    expect(settled).toHaveLength(1);
  });

  it('abandoned (invalidate: Escape, a value typed) nothing is settled and no answer is drawn', async () => {
    const { be, shown, live, settled, fireRest } = setupSettle();
    live.move('kappa_b', 1.1, false);
    await be.answerStarts();
    live.invalidate();
    await fireRest();
    await be.finish('job-1');
    expect(settled).toEqual([]);
    expect(shown).toEqual([]);
  });
});
