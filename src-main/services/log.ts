/**
 * The log file: `<data directory>/logs/nrlab.log`, shared by the desktop app, browser mode and the
 * CLI (each line names which). What goes there: start and stop, the data directory, the solver pool's
 * and the server's errors, uncaught errors of the main process. Never project contents or parameters.
 * The file is kept under {@link LOG_MAX_BYTES}: when it would grow past that, it becomes
 * `nrlab.1.log` (the previous one is dropped). Writing is synchronous and best-effort: a log that
 * cannot be written (read-only disk) never stops the app.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_MAX_BYTES = 1_000_000;

let file: string | undefined;
let who = 'nrlab';

/** Log to `<dataDir>/logs/nrlab.log` from now on, as `process` (app, serve, cli). */
export function openLog(dataDir: string, process: string): string {
  file = path.join(dataDir, 'logs', 'nrlab.log');
  who = process;
  return file;
}

/** The log file in use, if one was opened. */
export function logFile(): string | undefined {
  return file;
}

/** One line: ISO time, process, pid, level, message (line breaks kept inside the message as ⏎). */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  if (!file) return;
  const line = `${new Date().toISOString()} ${who}[${process.pid}] ${level}: ${message.replace(/\r?\n/g, ' ⏎ ')}\n`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // no log yet
    }
    if (size + line.length > LOG_MAX_BYTES) renameSync(file, file.replace(/\.log$/, '.1.log'));
    appendFileSync(file, line);
  } catch {
    // best effort: the log never stops the app
  }
}
