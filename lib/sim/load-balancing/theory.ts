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

/**
 * M/G/1 mean time in system (Pollaczek-Khinchine): W = 1/mu + lambda E[S^2] / (2 (1 - rho)),
 * with E[S^2] = (1 + scv) / mu^2 for squared coefficient of variation scv. scv = 1 gives M/M/1.
 */
export function mg1MeanSojourn(lambda: number, mu: number, scv: number): number {
  const rho = lambda / mu
  if (rho >= 1) return Infinity
  return 1 / mu + (lambda * (1 + scv)) / (mu * mu * 2 * (1 - rho))
}

/** Squared coefficient of variation of each service-time distribution the simulator offers. */
export const SERVICE_SCV = { exponential: 1, lognormal: 4, constant: 0 } as const

export type TheoryInputs = {
  policy: string
  servers: number
  serviceRate: number
  speedSpread: number
  load: number
  serviceDistribution: keyof typeof SERVICE_SCV
  queueCapacity: number
}

/**
 * The mean sojourn line drawn on the latency chart, and how it relates to the run: 'exact' (one
 * server, or random splitting: each server is an M/G/1 queue), 'limit' (power of two choices with
 * exponential service: Mitzenmacher's N -> infinity limit), 'reference' (other policies: the
 * random split, which they improve on). Null with bounded queues or unequal speeds.
 */
export function theoryMeanSojourn(p: TheoryInputs): { value: number; kind: 'exact' | 'limit' | 'reference' } | null {
  if (p.queueCapacity > 0 || (p.speedSpread > 0 && p.servers > 1)) return null
  const mu = p.serviceRate
  const perServer = p.load * mu
  const split = mg1MeanSojourn(perServer, mu, SERVICE_SCV[p.serviceDistribution])
  if (p.servers === 1 || p.policy === 'random') return { value: split, kind: 'exact' }
  if (p.policy === 'p2c' && p.serviceDistribution === 'exponential') return { value: supermarketMeanSojourn(p.load, 2) / mu, kind: 'limit' }
  return { value: split, kind: 'reference' }
}
