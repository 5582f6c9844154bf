import { describe, expect, it } from 'vitest'
import { basics } from '@/lib/sim/basics'
import type { BasicsRun } from '@/lib/sim/basics/run'
import { startRun } from '@/lib/sim/registry'
import { runTo, value } from './helpers'

function run(params: Record<string, unknown>, seed: number, until: number): BasicsRun {
  const started = startRun(basics, params, seed, until)
  if (!started.ok) throw new Error(started.errors.join('; '))
  started.run.advance(until)
  return started.run as BasicsRun
}

describe('basics: a request path', () => {
  it('at low load the mean end-to-end latency is the sum of tier latencies weighted by visit ratios', () => {
    // 20 req/s against a path whose tightest tier carries 1000 req/s: every tier is below 2%
    // busy, so M/M/c waiting adds 0.003 ms (Erlang C, theoryLatency) to the 27.04 ms sum,
    // far below the noise. ~10k requests; the tolerance is 4 standard errors of the mean
    // (sample sd / sqrt(n), measured on the run itself) plus that queueing term.
    const r = run({ rate: 20, rampTo: 1 }, 1, 500)
    const m = r.metrics()
    const sum = value(m, 'lowLoadLatency')
    const se = (r.latency.sd * 1000) / Math.sqrt(r.latency.count)
    const queueing = value(m, 'theoryLatency') - sum
    expect(r.latency.count).toBeGreaterThan(9000)
    expect(queueing).toBeGreaterThanOrEqual(0)
    expect(queueing).toBeLessThan(0.01)
    expect(Math.abs(value(m, 'meanLatency') - sum)).toBeLessThan(4 * se + queueing)
    // The same holds for a path where every request reaches the database (no CDN or cache hits).
    // There the database runs at 10% (20 of 200 req/s), so its M/M/1 wait (0.56 ms) is no
    // longer negligible: the tolerance adds it, as above.
    const r2 = run({ rate: 20, rampTo: 1, cdnHitRatio: 0, cacheHitRatio: 0, dnsHitRatio: 0 }, 2, 300)
    const m2 = r2.metrics()
    const se2 = (r2.latency.sd * 1000) / Math.sqrt(r2.latency.count)
    const q2 = value(m2, 'theoryLatency') - value(m2, 'lowLoadLatency')
    expect(value(m2, 'lowLoadLatency')).toBeCloseTo(22 + 17 + 2 + 15 + 1.2 + 7, 6)
    expect(Math.abs(value(m2, 'meanLatency') - value(m2, 'lowLoadLatency'))).toBeLessThan(4 * se2 + q2)
  })

  it('below the bound every request is served; throughput never exceeds the tightest tier, and approaches it at overload', () => {
    // App tier: 4 servers x 100 req/s, visited by every request (no CDN hits): bound 400 req/s.
    // Served visits in 60 s are at most a Poisson count with mean 400 x 60 = 24000 while the
    // tier is always busy, so one standard error of the rate is sqrt(24000)/60 = 2.6 req/s.
    const base = { rampTo: 1, cdnHitRatio: 0 }
    const below = runTo(basics, { ...base, rate: 320 }, 3, 60)
    expect(value(below, 'maxThroughput')).toBe(400)
    expect(value(below, 'bottleneckTier')).toBe(3)
    expect(value(below, 'failed')).toBe(0)
    const se = Math.sqrt(400 * 60) / 60
    for (const rate of [800, 1600]) {
      const m = runTo(basics, { ...base, rate }, 4, 60)
      const x = value(m, 'throughput')
      expect(x).toBeLessThanOrEqual(400 + 3 * se)
      // Approaches it: the app tier saturates within about a second (its queue fills), so
      // throughput over the run is within 3% of the bound.
      expect(x).toBeGreaterThan(0.97 * 400)
      expect(value(m, 'saturatedTier')).toBe(3)
    }
    // When the tightest tier sees only a fraction v of requests (CDN hits skip it), requests
    // that skip it still complete; the bound is then the largest offered rate served without
    // loss, and the tier's own served rate / v approaches it.
    const mixed = run({ rampTo: 1, rate: 1500 }, 5, 60)
    const mm = mixed.metrics()
    expect(value(mm, 'maxThroughput')).toBe(1000)
    const app = mm.perNode.app!
    const implied = app.served! / 0.4 / 60
    expect(implied).toBeLessThanOrEqual(1000 * (1 + 3 / Math.sqrt(400 * 60)))
    expect(implied).toBeGreaterThan(0.97 * 1000)
    expect(value(mm, 'failed')).toBeGreaterThan(0)
  })

  it('with the default ramp the predicted bottleneck is the tier that saturates first', () => {
    // Default path: app servers carry 400 req/s at a visit ratio of 0.4, i.e. 1000 req/s; the
    // next tightest tier (CDN) carries 2000. Traffic ramps from 200 to 1200 req/s over 60 s.
    const m = runTo(basics, {}, 1, 60)
    expect(value(m, 'bottleneckTier')).toBe(3)
    expect(value(m, 'saturatedTier')).toBe(3)
    // Saturation is measured, so it can show a little before the rate crosses 1000 (t = 48 s).
    expect(value(m, 'saturatedAt')).toBeGreaterThan(35)
  })

  it('a failed cache sends every read to the database', () => {
    const started = startRun(basics, { rampTo: 1, rate: 100 }, 6, 40)
    if (!started.ok) throw new Error(started.errors.join())
    const r = started.run
    r.advance(20)
    const before = r.metrics().perNode.db!.served!
    r.fail('cache')
    r.fail('nope')
    r.advance(40)
    const after = r.metrics().perNode.db!.served! - before
    // Origin requests: 100 x 0.4 = 40/s; with the cache up 20% of them reach the database
    // (~160 in 20 s), with it down all of them (~800).
    expect(after).toBeGreaterThan(3 * before)
    expect(r.state().nodes.find((n) => n.id === 'cache')!.up).toBe(false)
  })

  it('is deterministic for a seed, and the seed matters', () => {
    const a = JSON.stringify(runTo(basics, {}, 11, 20))
    expect(JSON.stringify(runTo(basics, {}, 11, 20))).toBe(a)
    expect(JSON.stringify(runTo(basics, {}, 12, 20))).not.toBe(a)
  })

  it('rejects out-of-range parameters by name', () => {
    const bad = startRun(basics, { cdnHitRatio: 1.5, appServers: 0, bogus: 1 }, 1, 10)
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.errors.some((e) => e.startsWith('cdnHitRatio:'))).toBe(true)
    expect(bad.errors.some((e) => e.startsWith('appServers:'))).toBe(true)
    expect(bad.errors.some((e) => e.startsWith('bogus:'))).toBe(true)
  })

  it('state and metrics stay small and cheap', () => {
    const started = startRun(basics, {}, 1, 60)
    if (!started.ok) throw new Error(started.errors.join())
    started.run.advance(30)
    const s = started.run.state()
    expect(s.nodes.map((n) => n.id)).toEqual(['client', 'dns', 'cdn', 'lb', 'app', 'cache', 'db'])
    expect(s.inFlight.length).toBeLessThanOrEqual(80)
    expect(s.nodes.find((n) => n.id === 'app')!.role).toContain('bottleneck')
    const t0 = performance.now()
    for (let i = 0; i < 100; i++) started.run.metrics()
    expect(performance.now() - t0).toBeLessThan(500)
  })
})
