/**
 * The workspace root of browser mode: the one folder (`nrlab serve --root DIR`, default the
 * folder `serve` was started in) inside which a browser client may open and save projects.
 *
 * A path from the client is resolved against the root (relative paths) and then by its real
 * path, so neither `..` nor a symbolic link (of a folder or of the file) leads outside. Only
 * `.nrlab` files are reachable; a NUL byte is refused. Every refusal is a ParameterError on
 * `path` naming the root.
 */
import { realpathSync, statSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ParameterError } from '../../src-core/errors.js';

export class Workspace {
  /** The root's real path. */
  readonly root: string;

  /** `dir` must be an existing folder; `param` names the flag that chose it in the error. */
  constructor(dir: string, param = '--root') {
    let real: string;
    try {
      real = realpathSync(path.resolve(dir));
    } catch {
      throw new ParameterError(param, `${path.resolve(dir)} does not exist`);
    }
    if (!statSync(real).isDirectory()) throw new ParameterError(param, `${real} is not a folder`);
    this.root = real;
  }

  /** Whether a real, absolute path lies inside the root. */
  contains(real: string): boolean {
    const rel = path.relative(this.root, real);
    return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
  }

  private refuse(p: string, why: string): ParameterError {
    return new ParameterError('path', `${p} ${why} (browser mode opens and saves projects only inside the workspace root ${this.root}; see nrlab serve --root)`);
  }

  /**
   * The real path of a project file named by a client: for `open` the file must exist; for
   * `save` its folder must (the file may not yet).
   */
  async projectPath(p: unknown, mode: 'open' | 'save'): Promise<string> {
    if (typeof p !== 'string' || p === '') throw new ParameterError('path', 'a file path is required');
    if (p.includes('\0')) throw new ParameterError('path', 'contains a NUL byte');
    const abs = path.resolve(this.root, p);
    if (!abs.endsWith('.nrlab')) throw new ParameterError('path', `project files end in .nrlab, got ${path.basename(abs)}`);
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw this.refuse(abs, `cannot be resolved (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      if (mode === 'open') {
        // outside or not, a missing file is named as missing only inside the root
        const parent = await fs.realpath(path.dirname(abs)).catch(() => undefined);
        if (parent && !this.contains(parent)) throw this.refuse(abs, 'is outside the workspace root');
        throw new ParameterError('path', `${abs} does not exist`);
      }
      // a new file: its folder's real path decides; a dangling symbolic link is not followed
      const link = await fs.lstat(abs).catch(() => undefined);
      if (link?.isSymbolicLink()) throw this.refuse(abs, 'is a symbolic link to a missing file');
      let parent: string;
      try {
        parent = await fs.realpath(path.dirname(abs));
      } catch {
        if (!this.contains(path.dirname(abs))) throw this.refuse(abs, 'is outside the workspace root');
        throw new ParameterError('path', `the folder ${path.dirname(abs)} does not exist`);
      }
      real = path.join(parent, path.basename(abs));
    }
    if (!this.contains(real)) throw this.refuse(abs, real === abs ? 'is outside the workspace root' : `leads to ${real}, outside the workspace root`);
    if (!real.endsWith('.nrlab')) throw new ParameterError('path', `${abs} leads to ${path.basename(real)}, which is not a .nrlab file`);
    return real;
  }
}
