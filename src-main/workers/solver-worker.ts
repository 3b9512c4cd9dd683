/**
 * Piscina worker: runs one src-core solver task. Progress goes back over the MessagePort carried
 * in the task (throttled to one message per 50 ms); results are moved zero-copy; errors come back
 * as plain payloads so their code, parameter and reason survive the thread boundary.
 */
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
    const result = runSolverTask(task, onProgress);
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
