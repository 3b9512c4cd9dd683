/**
 * Piscina worker: runs one src-core solver task. Progress goes back over the MessagePort carried
 * in the task (throttled to one message per 50 ms); results are moved zero-copy; errors come back
 * as plain payloads so their code, parameter and reason survive the thread boundary.
 */
import { setPriority } from 'node:os';
import { threadId, type MessagePort } from 'node:worker_threads';
import { move } from 'piscina';
import { toErrorPayload, type ErrorPayload } from '../../src-core/errors.js';
import { runSolverTask, type SolverTask, type SolverTaskResult } from '../../src-core/tasks/solver-tasks.js';

export interface WorkerInput {
  task: SolverTask;
  port?: MessagePort;
}

/** This worker thread's own JS heap after the task (process.memoryUsage() is per isolate for heap figures). */
export interface WorkerMemory {
  threadId: number;
  heapUsed: number;
  /** Memory of ArrayBuffers and other objects outside the heap, of this isolate. */
  external: number;
}

export type WorkerOutput = ({ ok: true; result: SolverTaskResult } | { ok: false; error: ErrorPayload }) & { memory?: WorkerMemory };

function memory(): WorkerMemory {
  const m = process.memoryUsage();
  return { threadId, heapUsed: m.heapUsed, external: m.external };
}

const PROGRESS_INTERVAL_MS = 50;

/**
 * Solver threads yield to the UI. A study keeps every core busy, and a renderer (or the server's
 * event loop, which forwards the data) that has to wait for a time slice blocks for tens of
 * milliseconds at a time (measured in Chromium: a 1 ms animation-frame callback took 69 ms of
 * wall time while two workers ran). On Linux the nice value is per thread, so each worker lowers
 * only its own priority; on an otherwise idle machine this changes nothing. Elsewhere the
 * priority belongs to the whole process (the Electron main process, the CLI), so it is left alone.
 */
const WORKER_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(0, WORKER_NICE);
  } catch {
    // not permitted (a sandbox): keep the default priority
  }
}

export default function solverWorker({ task, port }: WorkerInput): WorkerOutput | ReturnType<typeof move> {
  let last = 0;
  const onProgress = port
    ? (done: number): void => {
        const now = Date.now();
        if (now - last >= PROGRESS_INTERVAL_MS) {
          last = now;
          port.postMessage({ done });
        }
      }
    : undefined;
  try {
    // an automatic truncation's steps (which truncation it tries) go back as they start
    const onStage = port ? (stage: string): void => port.postMessage({ stage }) : undefined;
    const result = runSolverTask(task, onProgress, onStage);
    const out: WorkerOutput = { ok: true, result, memory: memory() };
    if (result.kind === 'sweep-chunk') {
      const first = Object.values(result.chunk.data)[0];
      if (first) {
        return move({
          [Symbol.for('Piscina.transferable')]: [first.buffer],
          [Symbol.for('Piscina.valueOf')]: out,
        } as never);
      }
    }
    return out;
  } catch (err) {
    return { ok: false, error: toErrorPayload(err), memory: memory() };
  } finally {
    port?.close();
  }
}
