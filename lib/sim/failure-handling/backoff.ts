// The wait before retry k+1 (k = 0 for the first retry). Without jitter every caller that failed
// at the same instant retries at the same instant; full jitter (AWS's name) draws the wait
// uniformly from [0, backoff] and spreads them out.
import type { Rng } from '@/lib/sim/engine'

export type RetryPolicy = 'none' | 'fixed' | 'exponential'

export function backoffDelay(policy: RetryPolicy, base: number, k: number, jitter: boolean, rng: Rng): number {
  const b = policy === 'exponential' ? base * 2 ** k : base
  return jitter ? rng.next() * b : b
}

/** Time from the first failure to retry k+1 without jitter: the instants retries cluster at. */
export function cumulativeBackoff(policy: RetryPolicy, base: number, k: number): number {
  let total = 0
  for (let i = 0; i <= k; i++) total += policy === 'exponential' ? base * 2 ** i : base
  return total
}
