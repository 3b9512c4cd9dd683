/**
 * The exit codes of `nrlab`, the same for every command (README "Exit codes", `nrlab --help`).
 * Every place the CLI ends returns one of these.
 */
export const EXIT = {
  /** the command did what was asked (a sweep whose points partly failed included: they are null in the output, listed under "failed") */
  ok: 0,
  /** a computation failed, a study of `run` failed, or the results could not be saved where asked (a conflict); also any unexpected error */
  failed: 1,
  /** usage or bad input: an unknown command or option, a missing or wrong argument, a file that does not validate; the message names the field and why */
  usage: 2,
  /** SIGHUP (the terminal closed) cancelled `sweep` or `run`; the results so far were written */
  sighup: 129,
  /** SIGINT (Ctrl+C) cancelled `sweep` or `run`; the results so far were written */
  sigint: 130,
  /** stdout's reader went away (`nrlab sweep … | head -1`): ended quietly, as SIGPIPE does */
  sigpipe: 141,
  /** SIGTERM (a batch system's time limit) cancelled `sweep` or `run`; the results so far were written */
  sigterm: 143,
} as const;

/** The table as `nrlab --help` and the README show it. */
export const EXIT_TABLE: readonly { code: number; meaning: string }[] = [
  { code: EXIT.ok, meaning: 'success (a sweep whose points partly failed too: they are null, listed under "failed", with a warning)' },
  { code: EXIT.failed, meaning: 'a computation failed, a study of "nrlab run" failed, or its results went to a conflict copy' },
  { code: EXIT.usage, meaning: 'usage or bad input: the message names the argument, option or field and why' },
  { code: EXIT.sighup, meaning: 'SIGHUP cancelled sweep or run (results so far written; resume them)' },
  { code: EXIT.sigint, meaning: 'SIGINT (Ctrl+C) cancelled sweep or run (results so far written; resume them)' },
  { code: EXIT.sigpipe, meaning: 'the reader of stdout went away (… | head): ended quietly' },
  { code: EXIT.sigterm, meaning: 'SIGTERM cancelled sweep or run (results so far written; resume them)' },
];

/** One line for the end of each command's help. */
export const EXIT_LINE = 'Exit codes: 0 success, 1 computation failed, 2 usage or bad input (the field and why), 130/143/129 cancelled by SIGINT/SIGTERM/SIGHUP, 141 output pipe closed ("nrlab --help" lists them).';
