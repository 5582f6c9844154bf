// Sampling from the distributions the simulators use. Each takes the Rng explicitly so a model
// can keep separate streams (arrivals vs service) and compare policies on identical traffic.
import type { Rng } from './rng'

/** Exponential with the given rate (mean 1/rate). Inverse CDF on 1-u, so u=0 never gives log(0). */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.next()) / rate
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next()
}

/** Normal by Box-Muller; the second variate is discarded to keep the generator stateless. */
export function normal(rng: Rng, mean: number, sd: number): number {
  const u1 = 1 - rng.next()
  const u2 = rng.next()
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}

/** Lognormal with the given mean and coefficient of variation (for heavier service tails). */
export function lognormal(rng: Rng, mean: number, cv: number): number {
  const s2 = Math.log(1 + cv * cv)
  return Math.exp(normal(rng, Math.log(mean) - s2 / 2, Math.sqrt(s2)))
}

/**
 * Zipf over ranks 0..n-1 with P(rank i) proportional to 1/(i+1)^s. The CDF is built once
 * (O(n)); each sample is a binary search (O(log n)).
 */
export class Zipf {
  readonly n: number
  readonly s: number
  private readonly cdf: Float64Array
  /** P(rank i), for theory overlays (Che's approximation, top-C sums). */
  readonly probabilities: Float64Array

  constructor(n: number, s: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Zipf: n must be a positive integer, got ${n}`)
    this.n = n
    this.s = s
    this.cdf = new Float64Array(n)
    this.probabilities = new Float64Array(n)
    let total = 0
    for (let i = 0; i < n; i++) total += 1 / Math.pow(i + 1, s)
    let acc = 0
    for (let i = 0; i < n; i++) {
      const p = 1 / Math.pow(i + 1, s) / total
      this.probabilities[i] = p
      acc += p
      this.cdf[i] = acc
    }
    this.cdf[n - 1] = 1
  }

  sample(rng: Rng): number {
    const u = rng.next()
    let lo = 0
    let hi = this.n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.cdf[mid] ?? 1) > u) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Poisson arrival times at `rate` from `start`: the gaps are exponential. */
export function* poissonArrivals(rng: Rng, rate: number, start = 0): Generator<number, never> {
  let t = start
  for (;;) {
    t += exponential(rng, rate)
    yield t
  }
}
