/**
 * Signals that end a long CLI command early: SIGINT (Ctrl+C), SIGTERM (a batch system's time
 * limit: SLURM sends it, then SIGKILL after KillWait) and SIGHUP (the terminal closed). The first
 * one cancels the work so that the results so far can be written (and resumed); any later one
 * while they are written is acknowledged and ignored, so the file is never torn or lost. The exit
 * status after a cancel is the shell's 128 + signal number: 130, 143, 129.
 */
import { EXIT } from './exit-codes.js';

export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

const EXIT_CODES: Record<CancelSignal, number> = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm, SIGHUP: EXIT.sighup };

export interface Interrupt {
  /** The first signal received, if any. */
  readonly signal: CancelSignal | undefined;
  /** 128 + the signal number of the first signal (e.g. 143 for SIGTERM); undefined without one. */
  readonly exitCode: number | undefined;
  /** Stop handling the signals (after the results are written). */
  dispose(): void;
}

export function exitCodeOf(signal: CancelSignal): number {
  return EXIT_CODES[signal];
}

/** Handle the cancelling signals until `dispose()`: the first calls `cancel`, later ones wait for the write. */
export function onInterrupt(cancel: (signal: CancelSignal) => void, say: (line: string) => void = (l) => void process.stderr.write(`${l}\n`)): Interrupt {
  let first: CancelSignal | undefined;
  const handlers = CANCEL_SIGNALS.map((sig) => {
    const h = (): void => {
      const again = first !== undefined;
      if (!again) {
        first = sig;
        cancel(sig);
      }
      try {
        say(again ? `nrlab: ${sig} received: still writing the results so far; wait for them` : `\nnrlab: ${sig} received: cancelling; the results so far are being written`);
      } catch {
        // stderr may be gone (a closed terminal): the cancel still happened
      }
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    get signal() {
      return first;
    },
    get exitCode() {
      return first === undefined ? undefined : EXIT_CODES[first];
    },
    dispose() {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
