import { describe, expect, it } from 'vitest'
import { rateLimiting } from '@/lib/sim/rate-limiting'
import type { RateLimitingRun } from '@/lib/sim/rate-limiting/run'
import { everyLimiterBound, fixedWindow2L, slidingLogL, tokenBucketEnvelope, tokenBucketReached } from '@/lib/sim/verify/rate-limiting'
import { expectChecks, runTo, runUntil, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until = 60): RateLimitingRun {
  return runUntil<RateLimitingRun>(rateLimiting, params, seed, until)
}

describe('rate limiting', () => {
  it('a token bucket admits at most r*t + b requests in any interval t', () => {
    // A hard bound, so no statistical tolerance: checked for every tenant, every traffic shape,
    // several seeds and interval lengths from 0.05 s to 20 s. Offered load is 2x-10x the rate.
    // The example, r = 10/s and b = 20: <= 30 in any 1 s, <= 120 in any 10 s; and the
    // bound is nearly reached (>= 28), so the check is not vacuous.
    // Shared with `npm run sim:verify` (lib/sim/verify/rate-limiting.ts), as are the checks below.
    expectChecks(tokenBucketEnvelope, tokenBucketReached)
  })

  it('a fixed window admits up to twice the limit across a boundary; a sliding log never exceeds it', () => {
    expectChecks(fixedWindow2L, slidingLogL)
  })

  it('every limiter stays within its stated bound on every interval', () => {
    expectChecks(everyLimiterBound)
  })

  it('bad keys never reach a backend, and invoices bill exactly the accepted requests', () => {
    const r = run({ invalidKeyFraction: 0.2, pricePro: 0.5, priceFree: 0.1 }, 4, 30)
    const m = r.metrics()
    expect(value(m, 'unauthorized')).toBeGreaterThan(0)
    expect(value(m, 'backendRequests') + value(m, 'unavailable')).toBe(value(m, 'accepted'))
    expect(value(m, 'requests')).toBe(value(m, 'accepted') + value(m, 'rejected') + value(m, 'unauthorized'))
    const expected = r.tenants.reduce((sum, t) => sum + (t.accepted.length / 1000) * (t.plan === 'pro' ? 0.5 : 0.1), 0)
    expect(value(m, 'revenue')).toBeCloseTo(expected, 6)
    expect(value(m, 'billedRequests')).toBe(value(m, 'accepted'))
  })

  it('per-key limits isolate tenants: the noisy tenant is throttled, the others are not', () => {
    const m = runTo(rateLimiting, { offeredRate: 5, noisyFactor: 20, invalidKeyFraction: 0 }, 5, 60)
    const t0 = m.perNode.t0!
    const t1 = m.perNode.t1!
    expect(t0.rejected! / (t0.accepted! + t0.rejected!)).toBeGreaterThan(0.8)
    expect(t1.rejected).toBe(0)
  })
})
