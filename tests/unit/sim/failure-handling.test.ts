import { describe, expect, it } from 'vitest'
import { failureHandling } from '@/lib/sim/failure-handling'
import { cumulativeBackoff } from '@/lib/sim/failure-handling/backoff'
import type { FailureHandlingRun } from '@/lib/sim/failure-handling/run'
import { prepareParams, startRun } from '@/lib/sim/registry'
import { retryAmplification, seriesAvailability } from '@/lib/sim/verify/failure-handling'
import { expectChecks, runTo, value } from './helpers'

function start(params: Record<string, unknown>, seed: number, horizon: number): FailureHandlingRun {
  const started = startRun(failureHandling, params, seed, horizon)
  if (!started.ok) throw new Error(started.errors.join('; '))
  return started.run as FailureHandlingRun
}

/** Fraction of retries on `edge` by calls that first failed at t0 sent within delta of t0 + the k-th cumulative backoff. */
function concentration(run: FailureHandlingRun, edge: number, t0: number, base: number, delta: number): { share: number; n: number } {
  const batch = run.retryLog.filter((r) => r.edge === edge && Math.abs(r.firstFailAt - t0) < 1e-12)
  const near = batch.filter((r) => Math.abs(r.time - (t0 + cumulativeBackoff('exponential', base, r.k - 1))) <= delta)
  return { share: near.length / batch.length, n: batch.length }
}

describe('failure handling', () => {
  it('without jitter, retries after a simultaneous failure cluster at t0 + backoff_k; full jitter spreads them', () => {
    // s1 crashes at t0 = 2 s with ~200 calls in flight (2000 req/s x 100 ms); every one of them
    // fails at t0 and s0 retries after 100, 200, 400 ms. Statistic: the share of those retries
    // sent within 1 ms of t0 + cumulative backoff. No jitter: exactly 1 (the send times are
    // deterministic). Full jitter: the first retry lands in the last 1 ms of a 100 ms uniform
    // with probability 1%, later ones (sums of uniforms, near their maximum) almost never, so
    // the share is ~0.4%; the bound 0.05 is > 10 binomial SE above that with n ~ 600.
    const params = { services: 2, rate: 2000, serviceTime: 100, workers: 1000, queueCapacity: 1000, errorRate: 0, timeout: 10000, retry: 'exponential', maxRetries: 3, backoff: 100, sickService: 1, sickKind: 'crash', sickAt: 2, sickFor: 1 }
    const synced = start({ ...params, jitter: false }, 1, 4)
    synced.advance(4)
    const a = concentration(synced, 1, 2, 0.1, 0.001)
    const jittered = start({ ...params, jitter: true }, 1, 4)
    jittered.advance(4)
    const b = concentration(jittered, 1, 2, 0.1, 0.001)
    console.log('concentration no jitter', a, 'full jitter', b)
    expect(a.n).toBeGreaterThan(300)
    expect(a.share).toBe(1)
    expect(b.n).toBeGreaterThan(300)
    expect(b.share).toBeLessThan(0.05)
  })

  it('an open breaker sheds load on the sick service to the half-open probes', () => {
    // s2 fails every call for 30 s. Theory with the breaker: `threshold` calls before it opens,
    // then one probe per cool-down: (5 + 30) / 3000 offered = 1.2%; the bound 3% leaves room for
    // calls sent while the fifth failure is in progress. Without it every offered call reaches
    // s2 (only the 0 independent errors upstream could stop one): ratio ~1.
    const params = { services: 3, sickService: 2, sickKind: 'errors', sickAt: 10, sickFor: 30, retry: 'none', errorRate: 0, breakerThreshold: 5, breakerCooldown: 1000 }
    const shares: Record<string, number> = {}
    for (const breaker of [true, false]) {
      const run = start({ ...params, breaker }, 3, 50)
      run.advance(10)
      const before = { arrivals: run.services[2]!.arrivals, requests: value(run.metrics(), 'requests') }
      run.advance(40)
      const m = run.metrics()
      shares[String(breaker)] = (run.services[2]!.arrivals - before.arrivals) / (value(m, 'requests') - before.requests)
      run.advance(50)
      const end = run.metrics()
      // Exact: while the breaker is open or half-open, only its probes get through.
      expect(value(end, 'sickArrivalsWhileOpen')).toBe(value(end, 'sickProbes'))
      if (breaker) expect(value(end, 'sickProbes')).toBeGreaterThan(5)
      console.log(`breaker ${breaker}: arrivals while open ${value(end, 'sickArrivalsWhileOpen')}, probes ${value(end, 'sickProbes')}`)
    }
    console.log('share of offered reaching the sick service: breaker', shares.true, 'no breaker', shares.false)
    expect(shares.true).toBeLessThan(0.03)
    expect(shares.false).toBeGreaterThan(0.95)
  })

  it('independent failures in series: availability is the product of availabilities', () => {
    // No retries, no timeouts, no queueing limits: a request succeeds iff every service on the
    // chain does, so A = prod(1 - p_i). Tolerance 4 binomial SE of the measured rate.
    // Shared with `npm run sim:verify` (lib/sim/verify/failure-handling.ts).
    expectChecks(seriesAvailability)
  })

  it('retries at every hop multiply: (r + 1)^k attempts reach a failing last service', () => {
    // Every call to s2 fails, nothing times out: each s1 attempt makes 3 calls to s2, each s0
    // attempt 3 to s1, the client 3 to s0, so 27 per request; retrying at the client only gives 3.
    // Requests still in flight at the end have made fewer, so the ratio is <= the product (exact)
    // and within 2% of it (the chain takes ~0.1 s of a 30 s run).
    expectChecks(retryAmplification)
  })

  it('clicking a service crashes and heals it; unknown ids are ignored', () => {
    const run = start({ sickKind: 'none' }, 4, 10)
    run.advance(2)
    run.fail('s1')
    run.fail('nope')
    expect(run.state().nodes.find((n) => n.id === 's1')?.up).toBe(false)
    run.advance(3)
    run.heal('s1')
    run.advance(10)
    const state = run.state()
    expect(state.nodes.every((n) => n.up)).toBe(true)
    expect(state.inFlight.length).toBeLessThanOrEqual(80)
    expect(value(run.metrics(), 'successRate')).toBeGreaterThan(0.8)
  })

  it('is deterministic for a seed and parameters', () => {
    const a = JSON.stringify(runTo(failureHandling, {}, 11, 30))
    expect(JSON.stringify(runTo(failureHandling, {}, 11, 30))).toBe(a)
    expect(JSON.stringify(runTo(failureHandling, {}, 12, 30))).not.toBe(a)
  })

  it('rejects out-of-range and inconsistent parameters by name', () => {
    const bad = prepareParams(failureHandling, { services: 7 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors.join()).toMatch(/^services: /)
    const cross = prepareParams(failureHandling, { services: 3, sickService: 4 })
    expect(cross.ok).toBe(false)
    if (!cross.ok) expect(cross.errors.join()).toMatch(/^sickService: /)
  })
})
