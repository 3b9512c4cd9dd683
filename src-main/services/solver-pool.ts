import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { CancelledError, NrlabError, fromErrorPayload, toErrorPayload } from '../../src-core/errors.js';
import type { SolverTask, SolverTaskResult } from '../../src-core/tasks/solver-tasks.js';
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
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  /** What a single solve is trying now (e.g. the truncation of an automatic search). */
  onStage?: (text: string) => void;
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
}

/** The default worker file: next to the running bundle (dist/main), unpacked from asar when packaged. */
export function defaultWorkerFile(dir: string = typeof __dirname === 'string' ? __dirname : process.cwd()): string {
  return path.join(dir.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'), 'solver-worker.cjs');
}

/**
 * Owns the one Piscina pool that runs src-core solver tasks. Cancellation through AbortSignal
 * terminates the worker running the task (Piscina replaces it), so tasks are kept short.
 */
export class SolverPool {
  readonly workers: number;
  private readonly pool: Piscina;
  private running = 0;
  private readonly workerMemory = new Map<number, { heapUsed: number; external: number }>();

  constructor(opts: SolverPoolOptions = {}) {
    this.workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
    this.pool = new Piscina({
      filename: opts.workerFile ?? defaultWorkerFile(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: opts.workerHeapMb ?? 4096 },
      // A task waiting in the queue is not worth starting once the study is cancelled.
      maxQueue: 'auto',
    });
  }

  async run(task: SolverTask, opts: RunOptions = {}): Promise<SolverTaskResult> {
    if (opts.signal?.aborted) throw new CancelledError();
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
      queued: this.pool.queueSize,
      completed: this.pool.completed,
      workerHeapBytes: live.reduce((a, m) => a + m.heapUsed, 0),
      workerExternalBytes: live.reduce((a, m) => a + m.external, 0),
    };
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
