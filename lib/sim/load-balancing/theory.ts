// Queueing results for the theory overlay and the checks.

/** M/M/1 mean time in system W = 1/(mu - lambda); Infinity when unstable. */
export function mm1MeanSojourn(lambda: number, mu: number): number {
  return lambda < mu ? 1 / (mu - lambda) : Infinity
}

/** M/M/1 mean wait in queue Wq = rho / (mu - lambda). */
export function mm1MeanWait(lambda: number, mu: number): number {
  return lambda < mu ? lambda / mu / (mu - lambda) : Infinity
}

/**
 * Mitzenmacher's supermarket model (IEEE TPDS 2001): mean sojourn with d choices as N -> infinity,
 * service rate 1: T_d(lambda) = sum_{i>=1} lambda^((d^i - d)/(d - 1)).
 */
export function supermarketMeanSojourn(lambda: number, d: number): number {
  let total = 0
  for (let i = 1; i < 60; i++) {
    const term = Math.pow(lambda, (Math.pow(d, i) - d) / (d - 1))
    total += term
    if (term < 1e-12) break
  }
  return total
}
