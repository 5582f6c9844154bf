import { describe, expect, it } from 'vitest'
import { basics } from '@/lib/sim/basics'
import { startRun } from '@/lib/sim/registry'
import { belowBoundNoLoss, bottleneckFirst, latencySum, throughputBound, visitRatioBound } from '@/lib/sim/verify/basics'
import { expectChecks, runTo } from './helpers'

describe('basics: a request path', () => {
  it('at low load the mean end-to-end latency is the sum of tier latencies weighted by visit ratios', () => {
    // 20 req/s against a path whose tightest tier carries 1000 req/s: every tier is below 2%
    // busy, so M/M/c waiting adds 0.003 ms (Erlang C, theoryLatency) to the 27.04 ms sum,
    // far below the noise. ~10k requests; the tolerance is 4 standard errors of the mean
    // (sample sd / sqrt(n), measured on the run itself) plus that queueing term.
    // The same holds for a path where every request reaches the database (no CDN or cache hits).
    // There the database runs at 10% (20 of 200 req/s), so its M/M/1 wait (0.56 ms) is no
    // longer negligible: the tolerance adds it, as above.
    // Shared with `npm run sim:verify` (lib/sim/verify/basics.ts), as are the checks below.
    expectChecks(latencySum)
  })

  it('below the bound every request is served; throughput never exceeds the tightest tier, and approaches it at overload', () => {
    // App tier: 4 servers x 100 req/s, visited by every request (no CDN hits): bound 400 req/s.
    // Served visits in 60 s are at most a Poisson count with mean 400 x 60 = 24000 while the
    // tier is always busy, so one standard error of the rate is sqrt(24000)/60 = 2.6 req/s.
    // Approaches it: the app tier saturates within about a second (its queue fills), so
    // throughput over the run is within 3% of the bound.
    // When the tightest tier sees only a fraction v of requests (CDN hits skip it), requests
    // that skip it still complete; the bound is then the largest offered rate served without
    // loss, and the tier's own served rate / v approaches it.
    expectChecks(belowBoundNoLoss, throughputBound, visitRatioBound)
  })

  it('with the default ramp the predicted bottleneck is the tier that saturates first', () => {
    // Default path: app servers carry 400 req/s at a visit ratio of 0.4, i.e. 1000 req/s; the
    // next tightest tier (CDN) carries 2000. Traffic ramps from 200 to 1200 req/s over 60 s.
    // Saturation is measured, so it can show a little before the rate crosses 1000 (t = 48 s).
    expectChecks(bottleneckFirst)
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
