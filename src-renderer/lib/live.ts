import type { NrlabApi, SweepRequest } from '../../src-core/contract/api';
import type { JobSnapshot, SweepDataEvent, SweepHeader } from '../../src-core/studies/results';
import type { ParamSchema } from '../../src-core/models/params';
import { formatCount, formatParamValue } from '../../src-core/figures/format';

/**
 * Live exploration: while a parameter slider is dragged, coarse sweeps (fewer points and the
 * model's cheaper settings, SweepRequest.coarse) redraw the curve; when it rests, the exact sweep
 * replaces it. Framework-free so the generation logic is tested on its own (test/renderer/lib/live.test.ts).
 *
 * Rules:
 * - At most one live sweep runs: while one is in flight a newer value only replaces the pending
 *   one (never an unbounded queue); the pending value is committed to the form when its sweep
 *   starts, so the inputs shown are the ones the next curve is computed at.
 * - Every sweep carries a generation number; a result is shown only when it is the newest
 *   generation started and its parameters are still those of the form (anything else is dropped).
 * - A sweep superseded by a newer one (the slider moved on an exact sweep, or was released during
 *   a coarse one) is cancelled.
 * - A coarse result is always labelled approximate; only a sweep started without `coarse` is exact.
 * - With `settle` (a project study: the final value is committed and run by its owner), a final
 *   value — released, stepped by a key, or resting without the pointer held (the wheel) — is
 *   handed to `settle` once, after every live sweep in flight has been cancelled; no exact live
 *   sweep is started for it. A rest while the pointer is held still gets an exact live sweep (a
 *   preview: nothing is committed until the release).
 */

export type LivePhase = 'coarse' | 'exact';

/** A finished live sweep, complete (its arrays are filled; NaN where a point failed). */
export interface LiveResult {
  gen: number;
  phase: LivePhase;
  jobId: string;
  header: SweepHeader;
  data: Record<string, Float64Array>;
  /** The request's parameters (as the form gave them). */
  params: SweepRequest['params'];
  /** Failed points. */
  failed: number;
}

export interface LiveOptions {
  /** The request for the form's current parameters (undefined while the form is invalid). */
  request(): SweepRequest | undefined;
  /** Write a parameter's value into the form (the slider's value becomes the field's text). */
  commit(key: string, value: number): void;
  /** Draw a result (coarse or exact). */
  show(result: LiveResult): void;
  /** A live sweep could not start (the backend's error: bad input names its field) or failed (its error payload). */
  error?(err: unknown, phase: LivePhase): void;
  /**
   * Points of a coarse sweep: between `min` and `max` (default 21 … 41, never more than the sweep
   * asks for), as many as fit `budgetMs` (default 60 ms) by the last coarse sweep's time per point.
   */
  coarsePoints?: { min?: number; max?: number; budgetMs?: number };
  /** The clock for that budget (default performance.now). */
  now?: () => number;
  /**
   * The value is final (released, a key step, or resting without the pointer held): the owner
   * takes it over (e.g. commits it to the project and runs it there). Without it, the final value
   * gets an exact live sweep, drawn like the coarse ones.
   */
  settle?(key: string, value: number): void;
  /** Rest time after the last movement before the exact sweep starts (default 150 ms). */
  restMs?: number;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

interface Flight {
  /** When it was started (the options' clock). */
  t0: number;
  gen: number;
  phase: LivePhase;
  jobId: string | null;
  /** The request's parameters and axes (requestKey), compared with the form's when the result arrives. */
  paramsKey: string;
  params: SweepRequest['params'];
  header: SweepHeader | null;
  data: Record<string, Float64Array>;
  failed: number;
  /** Events that arrived before startSweep answered. */
  early: { data: SweepDataEvent[]; finished: JobSnapshot[] };
  cancelled: boolean;
}

/** What a live result must still match when it arrives: the form's parameters and the sweep's axes. */
function requestKey(req: SweepRequest): string {
  return JSON.stringify([req.model, req.params, req.axes]);
}

/** What a coarse sweep changed, in words: 'truncation 3, 41 points' (the schema's labels). */
export function coarseText(r: Pick<LiveResult, 'header'>, schema: Pick<ParamSchema, 'params'>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.header.coarse ?? {})) {
    const spec = schema.params.find((p) => p.key === k);
    if (spec?.kind === 'number' && typeof v === 'number') parts.push(`${spec.label.toLowerCase()} ${formatParamValue(v)}`);
  }
  parts.push(`${formatCount(r.header.shape[0] ?? 0)} points`);
  return parts.join(', ');
}

/** A live result's approximation in words ('' when it is exact: an exact sweep without coarse overrides). */
export function approximationOf(r: LiveResult, schema: Pick<ParamSchema, 'params'>): string {
  return r.phase === 'coarse' || r.header.coarse ? coarseText(r, schema) : '';
}

export const COARSE_POINTS = { min: 21, max: 41, budgetMs: 60 };
export const REST_MS = 150;

export class LiveExplorer {
  /** The newest generation started (results of any other are dropped). */
  private gen = 0;
  private flights: Flight[] = [];
  private pending: { key: string; value: number } | null = null;
  /** The value last written into the form, and the generation of the last exact sweep started. */
  private committed: { key: string; value: number } | null = null;
  /** The newest value moved to and not settled yet (what a rest settles). */
  private last: { key: string; value: number } | null = null;
  private exactGen = -1;
  /** Milliseconds per point of the last coarse sweep, start to result (undefined before the first). */
  private coarseMsPerPoint: number | undefined;
  private restTimer: unknown = null;
  private readonly offs: (() => void)[];
  private disposed = false;
  /** Counters for tests and the bench: results shown and dropped, sweeps started and cancelled. */
  readonly stats = { started: 0, shown: 0, dropped: 0, cancelled: 0 };

  constructor(
    private readonly api: Pick<NrlabApi, 'startSweep' | 'cancelJob' | 'on'>,
    private readonly opts: LiveOptions,
  ) {
    this.offs = [api.on('job.data', (ev) => this.onData(ev)), api.on('job.finished', (s) => this.onFinished(s))];
  }

  /** The generation of the newest live sweep started (0: none). */
  get generation(): number {
    return this.gen;
  }

  /** True while a live sweep runs or a value waits for one. */
  get active(): boolean {
    return this.flights.some((f) => !f.cancelled) || this.pending !== null || this.restTimer !== null;
  }

  /**
   * The slider moved (dragging, the wheel, a key): redraw coarsely now if no live sweep is running,
   * else when it ends; then the exact sweep once the value rests for `restMs`. `held`: the pointer
   * holds the slider (false for the wheel), which decides what a rest does under `settle`.
   */
  move(key: string, value: number, held = true): void {
    if (this.disposed) return;
    this.pending = { key, value };
    this.last = { key, value };
    // an exact sweep of an older value is superseded by the movement
    for (const f of this.flights) if (f.phase === 'exact') this.cancelFlight(f);
    if (!this.flights.some((f) => !f.cancelled)) this.launchPending('coarse');
    this.armRest(held);
  }

  /**
   * The slider was released (or the value is final): the exact sweep at once, superseding any
   * coarse one — or, with `settle`, every live sweep cancelled and the value handed over.
   */
  release(key: string, value: number): void {
    if (this.disposed) return;
    this.clearRest();
    if (this.opts.settle) {
      this.settleWith(key, value);
      return;
    }
    // the value rested already and its exact sweep runs or is shown: nothing new to compute
    if (this.exactGen === this.gen && this.pending === null && this.committed?.key === key && this.committed.value === value) return;
    this.pending = { key, value };
    this.launchPending('exact');
  }

  /**
   * The form changed by other means (typing, a choice, Run): drop every live answer in flight and
   * any pending value.
   */
  invalidate(): void {
    this.clearRest();
    this.pending = null;
    this.last = null;
    this.gen++;
    for (const f of this.flights) this.cancelFlight(f);
  }

  dispose(): void {
    this.invalidate();
    this.disposed = true;
    for (const off of this.offs) off();
  }

  /** Drop every live answer and hand the final value to `settle` (once). */
  private settleWith(key: string, value: number): void {
    this.invalidate();
    this.opts.settle?.(key, value);
  }

  private armRest(held: boolean): void {
    this.clearRest();
    const set = this.opts.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
    this.restTimer = set(() => {
      this.restTimer = null;
      if (this.opts.settle && !held) {
        if (this.last) this.settleWith(this.last.key, this.last.value);
        return;
      }
      if (this.pending) this.launchPending('exact');
      else {
        // the last coarse sweep already shows the resting value: its exact one now
        const last = this.flights.find((f) => f.gen === this.gen && !f.cancelled);
        if (!last || last.phase === 'coarse') this.launchCurrent('exact');
      }
    }, this.opts.restMs ?? REST_MS);
  }

  private clearRest(): void {
    if (this.restTimer === null) return;
    (this.opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.restTimer);
    this.restTimer = null;
  }

  private launchPending(phase: LivePhase): void {
    const p = this.pending;
    this.pending = null;
    if (p) {
      this.opts.commit(p.key, p.value);
      this.committed = p;
    }
    this.launchCurrent(phase);
  }

  /** Start a sweep of the form's current parameters; every older live sweep is superseded. */
  private launchCurrent(phase: LivePhase): void {
    const base = this.opts.request();
    const gen = ++this.gen;
    if (phase === 'exact') this.exactGen = gen;
    for (const f of this.flights) this.cancelFlight(f);
    if (!base) return;
    let req: SweepRequest = base;
    if (phase === 'coarse') {
      const n = this.coarseCount();
      req = { ...base, coarse: true, axes: base.axes.map((a) => ('count' in a && a.count > n ? { ...a, count: n } : a)) };
    }
    const flight: Flight = {
      t0: this.clock(),
      gen,
      phase,
      jobId: null,
      paramsKey: requestKey(base),
      params: base.params,
      header: null,
      data: {},
      failed: 0,
      early: { data: [], finished: [] },
      cancelled: false,
    };
    this.flights.push(flight);
    this.stats.started++;
    this.api.startSweep(req).then(
      ({ job, header }) => {
        flight.jobId = job.id;
        if (flight.cancelled) {
          this.api.cancelJob({ jobId: job.id, drain: true }).catch(() => undefined);
          this.remove(flight);
          return;
        }
        flight.header = header;
        const total = header.shape.reduce((a, b) => a * b, 1);
        for (const q of header.quantities) flight.data[q.key] = new Float64Array(total).fill(NaN);
        const early = flight.early;
        flight.early = { data: [], finished: [] };
        for (const ev of early.data) if (ev.jobId === job.id) this.onData(ev);
        const finished = early.finished.find((x) => x.id === job.id);
        if (finished) this.onFinished(finished);
        else if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') this.onFinished(job);
      },
      (err: unknown) => {
        this.remove(flight);
        if (!flight.cancelled && gen === this.gen) this.opts.error?.(err, phase);
        this.afterFlight();
      },
    );
  }

  private clock(): number {
    return (this.opts.now ?? (() => performance.now()))();
  }

  /** Points of the next coarse sweep: what fits the time budget at the last sweep's pace, within min … max (odd: the centre is a point). */
  coarseCount(): number {
    const o = { ...COARSE_POINTS, ...this.opts.coarsePoints };
    const per = this.coarseMsPerPoint;
    const fit = per === undefined || per <= 0 ? o.min : Math.floor(o.budgetMs / per);
    const n = Math.max(o.min, Math.min(o.max, fit));
    return n % 2 === 0 ? n - 1 : n;
  }

  private flightOf(jobId: string): Flight | undefined {
    return this.flights.find((f) => f.jobId === jobId);
  }

  private onData(ev: SweepDataEvent): void {
    const f = this.flightOf(ev.jobId);
    if (!f) {
      // maybe a sweep whose start has not answered yet
      for (const g of this.flights) if (g.jobId === null) g.early.data.push(ev);
      return;
    }
    if (!f.header) return;
    for (const [key, values] of Object.entries(ev.data)) {
      const target = f.data[key];
      if (target && ev.start >= 0 && ev.start + values.length <= target.length) target.set(values, ev.start);
    }
    f.failed += ev.failed.length;
  }

  private onFinished(s: JobSnapshot): void {
    const f = this.flightOf(s.id);
    if (!f) {
      for (const g of this.flights) if (g.jobId === null) g.early.finished.push(s);
      return;
    }
    if (!f.header) return;
    this.remove(f);
    const now = this.opts.request();
    const fresh = !f.cancelled && f.gen === this.gen && now !== undefined && f.paramsKey === requestKey(now);
    if (s.status === 'succeeded' && f.phase === 'coarse') {
      const n = f.header.shape.reduce((a, b) => a * b, 1);
      if (n > 0) this.coarseMsPerPoint = (this.clock() - f.t0) / n;
    }
    if (s.status === 'succeeded' && fresh) {
      this.stats.shown++;
      this.opts.show({ gen: f.gen, phase: f.phase, jobId: s.id, header: f.header, data: f.data, params: f.params, failed: f.failed });
    } else {
      this.stats.dropped++;
      if (s.status === 'failed' && fresh) this.opts.error?.(s.error ?? 'the sweep failed', f.phase);
    }
    this.afterFlight();
  }

  /** A live sweep ended: the value that waited meanwhile gets its coarse sweep. */
  private afterFlight(): void {
    if (this.disposed || this.flights.some((f) => !f.cancelled)) return;
    if (this.pending) this.launchPending('coarse');
  }

  private cancelFlight(f: Flight): void {
    if (f.cancelled) return;
    f.cancelled = true;
    this.stats.cancelled++;
    if (f.jobId !== null) {
      this.api.cancelJob({ jobId: f.jobId, drain: true }).catch(() => undefined);
      this.remove(f);
    }
    // a flight not yet started is cancelled when its start answers
  }

  private remove(f: Flight): void {
    this.flights = this.flights.filter((x) => x !== f);
  }
}
