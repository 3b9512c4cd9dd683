/**
 * Eigenvalues (only) of a general real n×n matrix: balancing, reduction to upper Hessenberg form
 * by stabilised elementary similarity transformations, and the Francis double-shift QR iteration
 * on the Hessenberg matrix (after EISPACK balanc / elmhes / hqr, in the form of Press et al.,
 * Numerical Recipes, §11.5–11.6). About 10n³ real flops and no allocation: for the stability of
 * small systems (n ≲ 50), where the complex Schur solver of ./eig with its Schur vectors costs
 * several times more.
 *
 * Storage: row-major, element (i, j) at `i * n + j`; `a` is overwritten.
 */
import { ConvergenceError } from '../errors.js';

const RADIX = 2;

/** Diagonal similarity scaling by powers of 2 so that row and column norms are comparable (balanc). */
function balance(n: number, a: Float64Array): void {
  const sqrdx = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0;
      let c = 0;
      for (let j = 0; j < n; j++) {
        if (j !== i) {
          c += Math.abs(a[j * n + i]!);
          r += Math.abs(a[i * n + j]!);
        }
      }
      if (c !== 0 && r !== 0) {
        let g = r / RADIX;
        let f = 1;
        const s = c + r;
        while (c < g) {
          f *= RADIX;
          c *= sqrdx;
        }
        g = r * RADIX;
        while (c > g) {
          f /= RADIX;
          c /= sqrdx;
        }
        if ((c + r) / f < 0.95 * s) {
          done = false;
          const gi = 1 / f;
          for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! * gi;
          for (let j = 0; j < n; j++) a[j * n + i] = a[j * n + i]! * f;
        }
      }
    }
  }
}

/** Reduction to upper Hessenberg form by Gaussian elimination with pivoting (elmhes); zeros below the subdiagonal. */
function toHessenberg(n: number, a: Float64Array): void {
  for (let m = 1; m < n - 1; m++) {
    let x = 0;
    let piv = m;
    for (let j = m; j < n; j++) {
      if (Math.abs(a[j * n + m - 1]!) > Math.abs(x)) {
        x = a[j * n + m - 1]!;
        piv = j;
      }
    }
    if (piv !== m) {
      for (let j = m - 1; j < n; j++) {
        const t = a[piv * n + j]!;
        a[piv * n + j] = a[m * n + j]!;
        a[m * n + j] = t;
      }
      for (let j = 0; j < n; j++) {
        const t = a[j * n + piv]!;
        a[j * n + piv] = a[j * n + m]!;
        a[j * n + m] = t;
      }
    }
    if (x !== 0) {
      for (let i = m + 1; i < n; i++) {
        let y = a[i * n + m - 1]!;
        if (y !== 0) {
          y /= x;
          a[i * n + m - 1] = 0;
          for (let j = m; j < n; j++) a[i * n + j] = a[i * n + j]! - y * a[m * n + j]!;
          for (let j = 0; j < n; j++) a[j * n + m] = a[j * n + m]! + y * a[j * n + i]!;
        }
      }
    }
  }
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) a[i * n + j] = 0;
}

/**
 * Eigenvalues λ_k = wr[k] + i·wi[k] of the real n×n matrix `a` (overwritten). Complex eigenvalues
 * come in adjacent conjugate pairs (+im first); the order is otherwise that of deflation.
 *
 * @throws ConvergenceError (routine 'hqr') when an eigenvalue needs more than 60 double-shift sweeps.
 * @example
 * const wr = new Float64Array(2), wi = new Float64Array(2);
 * realEigenvalues(2, new Float64Array([0, 1, -1, 0]), wr, wi); // ±i: wr = [0, 0], wi = [1, -1]
 */
export function realEigenvalues(n: number, a: Float64Array, wr: Float64Array, wi: Float64Array): void {
  if (a.length < n * n || wr.length < n || wi.length < n) throw new RangeError(`realEigenvalues: arrays too short for n = ${n}`);
  balance(n, a);
  toHessenberg(n, a);
  // Francis double-shift QR (hqr), written with 1-based indices as in the reference
  let anorm = 0;
  for (let i = 1; i <= n; i++) for (let j = Math.max(i - 1, 1); j <= n; j++) anorm += Math.abs(a[(i - 1) * n + j - 1]!);
  let nn = n;
  let t = 0;
  let totalIts = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let s: number;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  while (nn >= 1) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l >= 2; l--) {
        s = Math.abs(a[(l - 1 - 1) * n + l - 1 - 1]!) + Math.abs(a[(l - 1) * n + l - 1]!);
        if (s === 0) s = anorm;
        if (Math.abs(a[(l - 1) * n + l - 1 - 1]!) + s === s) {
          a[(l - 1) * n + l - 1 - 1] = 0;
          break;
        }
      }
      x = a[(nn - 1) * n + nn - 1]!;
      if (l === nn) {
        wr[nn - 1] = x + t;
        wi[nn - 1] = 0;
        nn--;
      } else {
        y = a[(nn - 1 - 1) * n + nn - 1 - 1]!;
        w = a[(nn - 1) * n + nn - 1 - 1]! * a[(nn - 1 - 1) * n + nn - 1]!;
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? z : -z);
            wr[nn - 2] = wr[nn - 1] = x + z;
            if (z !== 0) wr[nn - 1] = x - w / z;
            wi[nn - 2] = wi[nn - 1] = 0;
          } else {
            wr[nn - 2] = wr[nn - 1] = x + p;
            wi[nn - 2] = z;
            wi[nn - 1] = -z;
          }
          nn -= 2;
        } else {
          if (its === 60) throw new ConvergenceError('hqr', totalIts, `the real QR iteration did not converge for the eigenvalue at ${nn} of ${n} after ${its} sweeps`);
          if (its === 10 || its === 20 || its === 40) {
            // exceptional shift
            t += x;
            for (let i = 1; i <= nn; i++) a[(i - 1) * n + i - 1] = a[(i - 1) * n + i - 1]! - x;
            s = Math.abs(a[(nn - 1) * n + nn - 1 - 1]!) + Math.abs(a[(nn - 1 - 1) * n + nn - 2 - 1]!);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          totalIts++;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = a[(m - 1) * n + m - 1]!;
            r = x - z;
            s = y - z;
            p = (r * s - w) / a[(m + 1 - 1) * n + m - 1]! + a[(m - 1) * n + m + 1 - 1]!;
            q = a[(m + 1 - 1) * n + m + 1 - 1]! - z - r - s;
            r = a[(m + 2 - 1) * n + m + 1 - 1]!;
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(a[(m - 1) * n + m - 1 - 1]!) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(a[(m - 1 - 1) * n + m - 1 - 1]!) + Math.abs(z) + Math.abs(a[(m + 1 - 1) * n + m + 1 - 1]!));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            a[(i - 1) * n + i - 2 - 1] = 0;
            if (i !== m + 2) a[(i - 1) * n + i - 3 - 1] = 0;
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = a[(k - 1) * n + k - 1 - 1]!;
              q = a[(k + 1 - 1) * n + k - 1 - 1]!;
              r = 0;
              if (k !== nn - 1) r = a[(k + 2 - 1) * n + k - 1 - 1]!;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const nrm = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? nrm : -nrm;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) a[(k - 1) * n + k - 1 - 1] = -a[(k - 1) * n + k - 1 - 1]!;
              } else a[(k - 1) * n + k - 1 - 1] = -s * x;
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = a[(k - 1) * n + j - 1]! + q * a[(k + 1 - 1) * n + j - 1]!;
                if (k !== nn - 1) {
                  p += r * a[(k + 2 - 1) * n + j - 1]!;
                  a[(k + 2 - 1) * n + j - 1] = a[(k + 2 - 1) * n + j - 1]! - p * z;
                }
                a[(k + 1 - 1) * n + j - 1] = a[(k + 1 - 1) * n + j - 1]! - p * y;
                a[(k - 1) * n + j - 1] = a[(k - 1) * n + j - 1]! - p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * a[(i - 1) * n + k - 1]! + y * a[(i - 1) * n + k + 1 - 1]!;
                if (k !== nn - 1) {
                  p += z * a[(i - 1) * n + k + 2 - 1]!;
                  a[(i - 1) * n + k + 2 - 1] = a[(i - 1) * n + k + 2 - 1]! - p * r;
                }
                a[(i - 1) * n + k + 1 - 1] = a[(i - 1) * n + k + 1 - 1]! - p * q;
                a[(i - 1) * n + k - 1] = a[(i - 1) * n + k - 1]! - p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
}
