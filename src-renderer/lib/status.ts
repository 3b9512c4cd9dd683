import type { JobSnapshot, JobStatus } from '../../src-core/contract/api';
import { formatCount, formatSeconds } from '../../src-core/figures/format';

export function isFinal(s: JobStatus): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'cancelled';
}

/** Points computed with a warning (truncation not converged): their numbers must not pass unnoticed. */
function warnedText(s: JobSnapshot): string {
  return s.warnedPoints ? `; warning: ${formatCount(s.warnedPoints)} points not converged in the truncation (raise fock or use fock = auto; the point inspector shows why)` : '';
}

/** The one-line summary shown in the status strip for a job's state. */
export function statusText(s: JobSnapshot): string {
  const of = `${formatCount(s.done)} of ${formatCount(s.total)} points`;
  switch (s.status) {
    case 'queued':
      return `Queued — ${formatCount(s.total)} points`;
    case 'running':
      return `Running — ${of}`;
    case 'succeeded': {
      const t = formatSeconds((s.finishedAt ?? Date.now()) - s.startedAt);
      const failed = s.failedPoints > 0 ? `; ${formatCount(s.failedPoints)} points failed (shown as gaps)` : '';
      return `Completed in ${t} — ${formatCount(s.total)} points${failed}${warnedText(s)}`;
    }
    case 'cancelled':
      return `Cancelled at ${of}, partial results kept${warnedText(s)}`;
    case 'failed':
      return `Failed: ${s.error?.reason ?? s.error?.message ?? 'unknown error'}`;
  }
}

/** "ETA 12 s" while running, '' otherwise. */
export function etaText(s: JobSnapshot | null): string {
  if (!s || s.status !== 'running' || s.etaMs === undefined) return '';
  return `ETA ${formatSeconds(s.etaMs)}`;
}
