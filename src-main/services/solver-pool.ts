import { availableParallelism, totalmem } from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { log } from './log.js';
import { CancelledError, NrlabError, ParameterError, fromErrorPayload, toErrorPayload } from '../../src-core/errors.js';
import { taskMemory, type SolverTask, type SolverTaskResult } from '../../src-core/tasks/solver-tasks.js';
import type { WorkerOutput } from '../workers/solver-worker.js';

export interface SolverPoolOptions {
  /** Worker threads; default one per core. */
  workers?: number;
  /** The bundled worker script; default `solver-worker.cjs` beside this bundle. */
  workerFile?: string;
  /**
   * JS heap limit of each worker (MB). A worker that exceeds it is terminated and replaced, and
   * its task fails (the job service retries a chunk once) instead of taking the app down.
   */
  workerHeapMb?: number;
  /**
   * Memory the tasks running at once may use together (bytes), by the models' estimates; default
   * {@link defaultMemoryBudget}. A task waits until it fits; one that alone exceeds it is refused.
   */
  memoryBudgetBytes?: number;
}

/**
 * The pool's default memory budget: NRLAB_MEMORY_BUDGET_MB when set, else half the machine's
 * physical memory (the rest for the app, the OS and the solvers' untracked overhead).
 */
export function defaultMemoryBudget(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.NRLAB_MEMORY_BUDGET_MB);
  if (env.NRLAB_MEMORY_BUDGET_MB !== undefined && Number.isFinite(mb) && mb > 0) return mb * 1e6;
  return Math.floor(totalmem() / 2);
}

const inMb = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  /** What a single solve is trying now (e.g. the truncation of an automatic search). */
  onStage?: (text: string) => void;
}

/**
 * What runs solver tasks for the services (job service, project studies, optimizer, solvePoint):
 * the {@link SolverPool} in the app, CLI and server; a test may give the Backend its own runner
 * to control the computation (hold a sweep's chunks, answer them with chosen values or failures).
 */
export interface TaskRunner {
  /** How many tasks run at once (the job service runs this many chunks in parallel). */
  readonly workers: number;
  run(task: SolverTask, opts?: RunOptions): Promise<SolverTaskResult>;
  destroy(): Promise<void>;
}

export interface PoolStats {
  workers: number;
  running: number;
  queued: number;
  completed: number;
  /** JS heap in use by the worker threads, as each reported after its latest task. */
  workerHeapBytes: number;
  /** Off-heap memory (ArrayBuffers) of the worker threads, likewise. */
  workerExternalBytes: number;
  /** The memory budget of the tasks running at once, and how much of it the admitted tasks hold (estimates). */
  memoryBudgetBytes: number;
  admittedBytes: number;
  /** Tasks admitted (running in a worker or queued in Piscina), and tasks waiting for memory. */
  admitted: number;
  waiting: number;
}

/** The default worker file: next to the running bundle (dist/main), unpacked from asar when packaged. */
export function defaultWorkerFile(dir: string = typeof __dirname === 'string' ? __dirname : process.cwd()): string {
  return path.join(dir.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'solver-worker.cjs');
}

/**
 * Owns the one Piscina pool that runs src-core solver tasks. Cancellation through AbortSignal
 * terminates the worker running the task (Piscina replaces it), so tasks are kept short.
 */
export class SolverPool implements TaskRunner {
  readonly workers: number;
  private piscina: Piscina | undefined;
  private running = 0;
  private readonly workerMemory = new Map<number, { heapUsed: number; external: number }>();
  readonly memoryBudgetBytes: number;
  private admittedBytes = 0;
  private admitted = 0;
  /** Tasks waiting for memory, first come first served. */
  private readonly waiting: { bytes: number; go: () => void }[] = [];

  constructor(private readonly opts: SolverPoolOptions = {}) {
    this.workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
    this.memoryBudgetBytes = opts.memoryBudgetBytes ?? defaultMemoryBudget();
  }

  /** The threads start with the first task: commands that only read a project (info, export) never start them. */
  private get pool(): Piscina {
    if (this.piscina) return this.piscina;
    this.piscina = new Piscina({
      filename: this.opts.workerFile ?? defaultWorkerFile(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.workerHeapMb ?? 4096 },
      // A task waiting in the queue is not worth starting once the study is cancelled. The pool
      // never hands Piscina more than it can hold (admit): more wait in this class's own queue.
      maxQueue: this.queueCapacity,
    });
    // A task still running when the pool is destroyed (a drained, cancelled sweep chunk) answers
    // after Piscina has forgotten it: its 'Unexpected message' error is no task's failure, and an
    // unhandled 'error' event would end the process. Other pool errors are reported.
    this.piscina.on('error', (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      if (!msg.startsWith('Unexpected message from Worker')) {
        process.stderr.write(`nrlab: solver pool: ${msg}\n`);
        log('error', `solver pool: ${msg}`);
      }
    });
    return this.piscina;
  }

  async run(task: SolverTask, opts: RunOptions = {}): Promise<SolverTaskResult> {
    if (opts.signal?.aborted) throw new CancelledError();
    const bytes = this.estimate(task);
    await this.admit(bytes, opts.signal);
    try {
      return await this.runAdmitted(task, opts);
    } finally {
      this.release(bytes);
    }
  }

  /** The task's memory estimate; a task that alone exceeds the budget is refused, naming the parameter that sets it. */
  private estimate(task: SolverTask): number {
    let m;
    try {
      m = taskMemory(task);
    } catch {
      // a bad request: the worker reports it as it always has
      return 0;
    }
    if (m.bytes > this.memoryBudgetBytes) {
      throw new ParameterError(
        m.param,
        `one solve needs about ${inMb(m.bytes)}, more than the memory budget of the solver pool (${inMb(this.memoryBudgetBytes)}; NRLAB_MEMORY_BUDGET_MB sets it, default half the RAM): use a smaller truncation or the total basis`,
      );
    }
    return m.bytes;
  }

  /** Tasks Piscina may hold waiting for a thread (its 'auto': threads²). */
  private get queueCapacity(): number {
    return this.workers * this.workers;
  }

  /**
   * Wait (first come, first served) until the task fits in the memory budget and in Piscina's
   * threads and queue (a burst of requests waits here instead of failing with "Task queue is at
   * limit"); one task always runs.
   */
  private admit(bytes: number, signal: AbortSignal | undefined): Promise<void> {
    const slots = this.workers + this.queueCapacity;
    const fits = (): boolean => this.admitted === 0 || (this.admitted < slots && this.admittedBytes + bytes <= this.memoryBudgetBytes);
    if (this.waiting.length === 0 && fits()) {
      this.admitted++;
      this.admittedBytes += bytes;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        bytes,
        go: (): void => {
          signal?.removeEventListener('abort', onAbort);
          this.admitted++;
          this.admittedBytes += bytes;
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new CancelledError());
        this.drain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private release(bytes: number): void {
    this.admitted--;
    this.admittedBytes -= bytes;
    this.drain();
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0]!;
      if (this.admitted > 0 && (this.admitted >= this.workers + this.queueCapacity || this.admittedBytes + head.bytes > this.memoryBudgetBytes)) return;
      this.waiting.shift();
      head.go();
    }
  }

  private async runAdmitted(task: SolverTask, opts: RunOptions): Promise<SolverTaskResult> {
    const { port1, port2 } = new MessageChannel();
    if (opts.onProgress || opts.onStage) {
      const { onProgress, onStage } = opts;
      port1.on('message', (m: { done?: number; stage?: string }) => {
        if (m.stage !== undefined) onStage?.(m.stage);
        else if (m.done !== undefined) onProgress?.(m.done);
      });
    }
    this.running++;
    try {
      const out = (await this.pool.run({ task, port: port2 }, { transferList: [port2], signal: opts.signal ?? null })) as WorkerOutput;
      if (out.memory) {
        this.workerMemory.set(out.memory.threadId, out.memory);
        if (this.workerMemory.size > 2 * this.workers) this.workerMemory.delete(this.workerMemory.keys().next().value!);
      }
      if (!out.ok) throw fromErrorPayload(out.error);
      return out.result;
    } catch (err) {
      if (opts.signal?.aborted || (err instanceof Error && err.name === 'AbortError')) throw new CancelledError();
      if (err instanceof NrlabError) throw err;
      // a crashed worker or another infrastructure error: keep its message, drop the stack
      throw fromErrorPayload({ ...toErrorPayload(err), code: 'internal' });
    } finally {
      this.running--;
      port1.close();
    }
  }

  stats(): PoolStats {
    // the latest figure of each live worker (a replaced worker's entry goes once there are more entries than workers)
    const live = [...this.workerMemory.values()].slice(-this.workers);
    return {
      workers: this.workers,
      running: this.running,
      queued: this.piscina?.queueSize ?? 0,
      completed: this.piscina?.completed ?? 0,
      workerHeapBytes: live.reduce((a, m) => a + m.heapUsed, 0),
      workerExternalBytes: live.reduce((a, m) => a + m.external, 0),
      memoryBudgetBytes: this.memoryBudgetBytes,
      admittedBytes: this.admittedBytes,
      admitted: this.admitted,
      waiting: this.waiting.length,
    };
  }

  async destroy(): Promise<void> {
    await this.piscina?.destroy();
  }
}
