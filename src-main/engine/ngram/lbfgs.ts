// Limited-memory BFGS with a backtracking (Armijo) line search: minimises the n-gram model's smooth, convex loss.

export interface LbfgsOptions {
  /** Iterations at most. */
  maxIterations: number;
  /** Stop when the gradient's max-norm falls below this. */
  gradientTolerance: number;
  /** Correction pairs kept. */
  memory: number;
  /** Called after each iteration; returning false stops early (cancel). */
  onIteration?: (iteration: number, loss: number, x: Float64Array) => boolean | void;
}

/** f(x) into `grad`; returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export interface LbfgsResult {
  x: Float64Array;
  loss: number;
  iterations: number;
  converged: boolean;
  stopped: boolean;
}

/** Minimises `f` from `x0` (not modified). */
export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let loss = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Array<number>(options.memory);
  for (let it = 1; it <= options.maxIterations; it++) {
    if (maxAbs(g) < options.gradientTolerance) return { x, loss, iterations: it - 1, converged: true, stopped: false };
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, direction);
      const yk = y[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha[k]! * yk[i]!;
    }
    const gamma = s.length > 0 ? dot(s[s.length - 1]!, y[y.length - 1]!) / dot(y[y.length - 1]!, y[y.length - 1]!) : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < n; i++) direction[i]! *= gamma;
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, direction);
      const sk = s[k]!;
      for (let i = 0; i < n; i++) direction[i]! += sk[i]! * (alpha[k]! - beta);
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      slope = dot(g, direction);
    }
    let step = 1;
    const next = new Float64Array(n);
    const nextG = new Float64Array(n);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i]! + step * direction[i]!;
      nextLoss = f(next, nextG);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextLoss < loss)) return { x, loss, iterations: it, converged: true, stopped: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = next[i]! - x[i]!;
      yk[i] = nextG[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > options.memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    x = next;
    g = nextG;
    loss = nextLoss;
    if (options.onIteration?.(it, loss, x) === false) return { x, loss, iterations: it, converged: false, stopped: true };
  }
  return { x, loss, iterations: options.maxIterations, converged: maxAbs(g) < options.gradientTolerance, stopped: false };
}
