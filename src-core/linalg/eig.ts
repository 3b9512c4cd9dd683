/**
 * The dense eigen-solver's public entry point, kept at this path for the modules that import
 * `linalg/eig`. The solver lives in ./eig/ (one file per LAPACK stage; see ./eig/index.ts and
 * docs/numerics.md).
 */
export { defaultMaxSweeps, eig, eigWorkspace, hessenberg, schur, type EigWorkspace } from './eig/index.js';
