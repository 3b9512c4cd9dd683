/**
 * `nrlab export <project> --figure NAME …`: figure export (SVG/PDF/PNG of a project's figure).
 *
 * Placeholder: figure export is being built separately and will replace this file. The `export`
 * command already parses `--figure` and routes it here with everything it was given.
 */
import { NrlabError } from '../../src-core/errors.js';

export interface FigureExportRequest {
  /** The project file as given on the command line. */
  project: string;
  /** The figure's name or id (`--figure`). */
  figure: string;
  /** `--format`, if given (e.g. svg, pdf, png). */
  format?: string;
  /** `--out`, if given; otherwise stdout. */
  out?: string;
  /** The raw arguments of the export command, for options only figure export knows. */
  argv: string[];
}

/** Export one figure; resolves to the exit code. Not available yet: always fails with a clear message. */
export async function exportFigure(req: FigureExportRequest): Promise<number> {
  throw new NrlabError(
    'internal',
    `--figure: figure export is not available yet in this NR Lab (asked for figure "${req.figure}"); export the data of its studies instead: nrlab export ${req.project} --study NAME --format csv|json|py`,
    { param: '--figure' },
  );
}
