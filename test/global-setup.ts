import { execFileSync } from 'node:child_process';

/** Tests of the pool, CLI and server run the real bundles: build them (incremental, fast). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet', '--main-only'], { stdio: 'inherit' });
}
