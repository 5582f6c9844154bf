import { describe, expect, it } from 'vitest'
import { rateLimiting } from '@/lib/sim/rate-limiting'
import type { RateLimitingRun } from '@/lib/sim/rate-limiting/run'
import { startRun } from '@/lib/sim/registry'
import { runTo, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until = 60): RateLimitingRun {
  const started = startRun(rateLimiting, params, seed, until)
  if (!started.ok) throw new Error(started.errors.join())
  started.run.advance(until)
  return started.run as RateLimitingRun
}

describe('rate limiting', () => {
  it('a token bucket admits at most r*t + b requests in any interval t', () => {
    // A hard bound, so no statistical tolerance: checked for every tenant, every traffic shape,
    // several seeds and interval lengths from 0.05 s to 20 s. Offered load is 2x-10x the rate.
    for (const traffic of ['poisson', 'bursty', 'boundary']) {
      for (const seed of [1, 2, 3]) {
        const r = run({ algorithm: 'token-bucket', rate: 10, burst: 20, traffic }, seed)
        for (const tenant of r.tenants) {
          for (const tau of [0.05, 0.5, 1, 2, 10, 20]) {
            const { max, bound } = r.envelope(tenant, tau)
            expect(max, `${traffic} ${tenant.id} tau=${tau}`).toBeLessThanOrEqual(bound)
          }
        }
      }
    }
    // The example, r = 10/s and b = 20: <= 30 in any 1 s, <= 120 in any 10 s; and the
    // bound is nearly reached, so the check is not vacuous.
    const r = run({ algorithm: 'token-bucket', rate: 10, burst: 20, tenants: 1 }, 1)
    const t0 = r.tenants[0]!
    expect(r.envelope(t0, 1).max).toBeLessThanOrEqual(30)
    expect(r.envelope(t0, 1).max).toBeGreaterThanOrEqual(28)
    expect(r.envelope(t0, 10).max).toBeLessThanOrEqual(120)
  })

  it('a fixed window admits up to twice the limit across a boundary; a sliding log never exceeds it', () => {
    const fixed = runTo(rateLimiting, { algorithm: 'fixed-window', limit: 10, window: 1, traffic: 'boundary' }, 1, 30)
    expect(value(fixed, 'maxAcceptedInWindow')).toBe(20)
    expect(value(fixed, 'maxInWindowOverLimit')).toBe(2)
    for (const traffic of ['poisson', 'bursty', 'boundary']) {
      for (const seed of [1, 2, 3]) {
        const log = runTo(rateLimiting, { algorithm: 'sliding-log', limit: 10, window: 1, traffic }, seed, 30)
        expect(value(log, 'maxInWindowOverLimit')).toBeLessThanOrEqual(1)
      }
    }
  })

  it('every limiter stays within its stated bound on every interval', () => {
    for (const algorithm of ['token-bucket', 'leaky-bucket', 'fixed-window', 'sliding-log', 'sliding-counter']) {
      for (const traffic of ['poisson', 'bursty', 'boundary']) {
        const m = runTo(rateLimiting, { algorithm, traffic }, 7, 30)
        expect(value(m, 'maxEnvelopeOverBound'), `${algorithm} ${traffic}`).toBeLessThanOrEqual(1)
      }
    }
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
