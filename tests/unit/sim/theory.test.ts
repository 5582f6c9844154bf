// The theory drawn beside the simulation (MetricSpec.theory): the overlay functions equal the
// analytic formulas, every overlay names a series a real run produces, and every simulator says
// what its model leaves out.
import { describe, expect, it } from 'vitest'
import { boardSimulator } from '@/lib/sim/board'
import { jacksonLatency, lowLoadLatency, tierConfigs, tierUtilisation, boundedThroughput } from '@/lib/sim/basics/tiers'
import { basics } from '@/lib/sim/basics'
import { caching } from '@/lib/sim/caching'
import { cheCharacteristicTime, cheHitRatio } from '@/lib/sim/caching/che'
import { chat } from '@/lib/sim/chat'
import { expectedFanout } from '@/lib/sim/chat/theory'
import { Zipf, type Metrics, type Simulator } from '@/lib/sim/engine'
import { failureHandling } from '@/lib/sim/failure-handling'
import { availabilityWithRetries, productRule } from '@/lib/sim/failure-handling/theory'
import { loadBalancing } from '@/lib/sim/load-balancing'
import { mg1MeanSojourn, mm1MeanSojourn, supermarketMeanSojourn, theoryMeanSojourn } from '@/lib/sim/load-balancing/theory'
import { rateLimiting } from '@/lib/sim/rate-limiting'
import { admissionBound } from '@/lib/sim/rate-limiting/limiters'
import { prepareParams, simulators, startRun } from '@/lib/sim/registry'
import { sharding } from '@/lib/sim/sharding'
import { expectedMovedFraction } from '@/lib/sim/sharding/placement'
import { alignSeries, caveatFor, theorySeriesNames } from '@/lib/sim/theory-overlay'
import { runTo } from './helpers'

const close = (a: number, b: number, rel = 1e-9): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)))

function defaults<P>(sim: Simulator<P>, input: Record<string, unknown> = {}): P {
  const prepared = prepareParams(sim, input)
  if (!prepared.ok) throw new Error(prepared.errors.join('; '))
  return prepared.params
}

describe('theory functions equal the analytic formulas', () => {
  it('M/M/1: W = 1/(mu - lambda); M/G/1 with scv 1 is M/M/1; random over N servers is M/M/1 at lambda/N', () => {
    for (const [lambda, mu] of [[0.5, 1], [0.7, 1], [0.9, 1], [3, 4], [99, 100]] as const) {
      close(mm1MeanSojourn(lambda, mu), 1 / (mu - lambda))
      close(mg1MeanSojourn(lambda, mu, 1), 1 / (mu - lambda))
      // Deterministic service (M/D/1): W = 1/mu + rho / (2 mu (1 - rho)).
      const rho = lambda / mu
      close(mg1MeanSojourn(lambda, mu, 0), 1 / mu + rho / (2 * mu * (1 - rho)))
    }
    expect(mm1MeanSojourn(1, 1)).toBe(Infinity)
    for (const [servers, load, mu] of [[1, 0.7, 1], [4, 0.7, 1], [8, 0.5, 2.5]] as const) {
      const t = theoryMeanSojourn({ policy: 'random', servers, serviceRate: mu, speedSpread: 0, load, serviceDistribution: 'exponential', queueCapacity: 0 })
      expect(t?.kind).toBe('exact')
      const lambda = load * servers * mu
      close(t!.value, 1 / (mu - lambda / servers))
    }
    // Power of two choices: Mitzenmacher's limit, sum_i lambda^(2^i - 2), scaled by 1/mu.
    const p2c = theoryMeanSojourn({ policy: 'p2c', servers: 32, serviceRate: 2, speedSpread: 0, load: 0.9, serviceDistribution: 'exponential', queueCapacity: 0 })
    expect(p2c?.kind).toBe('limit')
    close(p2c!.value, supermarketMeanSojourn(0.9, 2) / 2)
    let sum = 0
    for (let i = 1; i < 40; i++) sum += Math.pow(0.9, 2 ** i - 2)
    close(supermarketMeanSojourn(0.9, 2), sum, 1e-9)
    // Outside the assumptions there is no line.
    expect(theoryMeanSojourn({ policy: 'random', servers: 4, serviceRate: 1, speedSpread: 0, load: 0.7, serviceDistribution: 'exponential', queueCapacity: 10 })).toBeNull()
    expect(theoryMeanSojourn({ policy: 'random', servers: 4, serviceRate: 1, speedSpread: 0.3, load: 0.7, serviceDistribution: 'exponential', queueCapacity: 0 })).toBeNull()
  })

  it("Che: the characteristic time solves sum_i (1 - e^(-p_i T)) = C, and the hit ratio is sum_i p_i (1 - e^(-p_i T))", () => {
    for (const [keys, capacity, s, expected] of [[1000, 100, 0.8, 0.3778], [10000, 1000, 1.2, 0.8614], [10000, 100, 0.6, 0.0432], [10000, 300, 1.0, 0.5231]] as const) {
      const p = new Zipf(keys, s).probabilities
      const T = cheCharacteristicTime(p, capacity)
      let occupancy = 0
      let hit = 0
      for (const pi of p) {
        occupancy += 1 - Math.exp(-pi * T)
        hit += pi * (1 - Math.exp(-pi * T))
      }
      close(occupancy, capacity, 1e-9)
      close(cheHitRatio(p, capacity), hit, 1e-12)
      // The values in docs/simulators.md's checks table (4 decimals).
      expect(Math.abs(cheHitRatio(p, capacity) - expected)).toBeLessThan(6e-5)
    }
    expect(cheHitRatio(new Zipf(50, 1).probabilities, 50)).toBe(1)
  })

  it('keys moved when adding a shard: 1/(N+1) for consistent and jump hashing, N/(N+1) for modulo', () => {
    for (const n of [1, 4, 10, 63]) {
      close(expectedMovedFraction('consistent', n, n + 1)!, 1 / (n + 1))
      close(expectedMovedFraction('jump', n, n + 1)!, 1 / (n + 1))
      close(expectedMovedFraction('modulo', n, n + 1)!, n / (n + 1))
    }
  })

  it('token bucket envelope bound: r t + b', () => {
    for (const [rate, burst, tau] of [[10, 20, 1], [10, 20, 0.1], [2.5, 1, 7], [1000, 5000, 3]] as const) {
      close(admissionBound('token-bucket', { rate, burst, limit: 1, window: 1 }, tau), rate * tau + burst)
    }
  })

  it('series availability: the product rule, and with r retries 1 - (1 - ...)^(r+1)', () => {
    const p = [0.05, 0.1, 0.02, 0.2]
    close(productRule(p), 0.95 * 0.9 * 0.98 * 0.8)
    close(availabilityWithRetries(p, 0, 'every'), productRule(p))
    close(availabilityWithRetries(p, 0, 'client'), productRule(p))
    close(availabilityWithRetries(p, 2, 'client'), 1 - Math.pow(1 - productRule(p), 3))
    close(availabilityWithRetries([0.1], 3, 'every'), 1 - Math.pow(0.1, 4))
    // Two hops, every hop retries once: a1 = 1 - p1^2, a0 = 1 - (1 - (1 - p0) a1)^2.
    const a1 = 1 - 0.2 ** 2
    close(availabilityWithRetries([0.1, 0.2], 1, 'every'), 1 - (1 - 0.9 * a1) ** 2)
  })

  it('basics: latency is the sum over tiers at low load; utilisation lambda v / (c mu); throughput min(offered, bound)', () => {
    const tiers = tierConfigs(defaults(basics))
    close(jacksonLatency(tiers, 1e-6)!, lowLoadLatency(tiers), 1e-6)
    expect(jacksonLatency(tiers, 1e6)).toBeNull()
    const app = tiers[3]!
    close(tierUtilisation(app, 100), (100 * app.visits) / (app.servers * app.rate))
    expect(tierUtilisation(app, 1e9)).toBe(1)
    expect(boundedThroughput(1000, 400)).toBe(400)
    expect(boundedThroughput(1000, 4000)).toBe(1000)
  })

  it('chat: expected crossings (n-1)(1-(1-1/n)^(m-1))', () => {
    close(expectedFanout(4, 6), 3 * (1 - 0.75 ** 5))
    expect(expectedFanout(1, 6)).toBe(0)
    expect(expectedFanout(4, 1)).toBe(0)
  })

  it('alignSeries keeps shared x values and merges different ones with gaps', () => {
    expect(alignSeries({ t: [1, 2], v: [5, 6] }, { t: [1, 2], v: [7, 7] })).toEqual([[1, 2], [5, 6], [7, 7]])
    expect(alignSeries({ t: [1, 3], v: [5, 6] }, { t: [2, 3], v: [7, 8] })).toEqual([[1, 2, 3], [5, null, 6], [null, 7, 8]])
  })
})

describe('overlays on real runs', () => {
  const runs = new Map<string, Metrics>()
  const metricsOf = (sim: Simulator): Metrics => {
    if (!runs.has(sim.id)) {
      const started = startRun(sim, {}, 1, sim.defaultDuration)
      if (!started.ok) throw new Error(started.errors.join('; '))
      started.run.advance(sim.defaultDuration * 0.6)
      runs.set(sim.id, started.run.metrics())
    }
    return runs.get(sim.id)!
  }

  it.each(Object.values(simulators).map((s) => [s.id, s] as const))('%s: every theory names a series spec and a series in the run', (_id, sim) => {
    const m = metricsOf(sim)
    const seriesSpecs = new Set(sim.metrics.filter((s) => s.kind === 'series').map((s) => s.name))
    for (const spec of sim.metrics) {
      if (!spec.theory) continue
      expect(spec.kind).toBe('series')
      expect(seriesSpecs.has(spec.theory), `${spec.name} -> ${spec.theory}`).toBe(true)
      expect(spec.theory).not.toBe(spec.name)
      expect(Object.hasOwn(m.series, spec.name), spec.name).toBe(true)
      expect(Object.hasOwn(m.series, spec.theory), spec.theory).toBe(true)
      const theory = m.series[spec.theory]!
      expect(theory.t.length).toBe(theory.v.length)
      expect(theory.v.every((v) => Number.isFinite(v))).toBe(true)
    }
    // Every series the run reports is declared (theory curves included).
    for (const name of Object.keys(m.series)) expect(seriesSpecs.has(name), name).toBe(true)
    const caveat = caveatFor(sim, {}, m)
    expect(caveat === null || (typeof caveat === 'string' && caveat.length > 0 && !caveat.includes('\n'))).toBe(true)
  })

  it('the simulators theory applies to draw a line at their defaults', () => {
    const overlaid = Object.values(simulators).filter((s) => s.metrics.some((m) => m.theory)).map((s) => s.id)
    expect(overlaid.sort()).toEqual(['basics', 'caching', 'chat', 'cqrs-fanout', 'failure-handling', 'load-balancing', 'rate-limiting', 'sharding'])
    for (const [sim, name] of [[caching, 'cheHitRatio'], [rateLimiting, 'envelopeBound'], [failureHandling, 'theoryAvailability'], [basics, 'theoryLatency'], [basics, 'throughputBound'], [chat, 'theoryFanout'], [sharding, 'expectedMovedFraction']] as const) {
      expect(metricsOf(sim as Simulator).series[name]!.t.length, `${sim.id} ${name}`).toBeGreaterThan(0)
    }
    expect(theorySeriesNames(rateLimiting.metrics).has('envelopeBound')).toBe(true)
  })

  it('the overlay values are the formulas for the run', () => {
    const lb = runTo(loadBalancing, { policy: 'random', servers: 4, load: 0.7 }, 1, 200)
    expect(lb.series.theoryMeanSojourn!.v.every((v) => Math.abs(v - 1 / (1 - 0.7)) < 1e-6)).toBe(true)
    const noLine = runTo(loadBalancing, { queueCapacity: 5 }, 1, 100)
    expect(noLine.series.theoryMeanSojourn!.t.length).toBe(0)

    const c = runTo(caching, { keys: 1000, cacheSize: 100, zipfSkew: 0.8 }, 1, 20)
    const che = cheHitRatio(new Zipf(1000, 0.8).probabilities, 100)
    expect(c.series.cheHitRatio!.v.every((v) => Math.abs(v - che) < 1e-4)).toBe(true)
    expect(c.series.cheHitRatio!.t).toEqual(c.series.hitRatio!.t)

    const sh = runTo(sharding, { placement: 'jump', shards: 10, resizeAt: 50 }, 1, 60)
    const moved = sh.series.expectedMovedFraction!
    moved.t.forEach((t, i) => close(moved.v[i]!, t < 50 ? 0 : 1 / 11, 1e-6))
    expect(Math.abs(sh.series.movedFraction!.v.at(-1)! - 1 / 11)).toBeLessThan(0.015)

    const rl = runTo(rateLimiting, { algorithm: 'token-bucket', rate: 10, burst: 20 }, 1, 30)
    const bound = rl.series.envelopeBound!
    bound.t.forEach((t, i) => close(bound.v[i]!, 10 * t + 20, 1e-6))

    const fh = runTo(failureHandling, { retry: 'none', sickKind: 'none', errorRate: 0.05, errorSpread: 0.5, services: 4 }, 1, 20)
    const rates = [0.025, 0.05 * (1 - 0.5 / 3), 0.05 * (1 + 0.5 / 3), 0.075]
    expect(fh.series.theoryAvailability!.v.every((v) => Math.abs(v - productRule(rates)) < 1e-4)).toBe(true)

    const b = runTo(basics, { rate: 20, rampTo: 1 }, 1, 20)
    const low = lowLoadLatency(tierConfigs(defaults(basics, { rate: 20, rampTo: 1 }))) * 1000
    expect(b.series.theoryLatency!.v.every((v) => Math.abs(v - low) / low < 0.01)).toBe(true)
    expect(b.series.throughputBound!.v.every((v) => Math.abs(v - 20) < 1e-6)).toBe(true)
  })

  it('caveats name the assumption a knob breaks', () => {
    const at = (sim: Simulator, input: Record<string, unknown>, until: number) => caveatFor(sim, input, runTo(sim, input, 1, until))
    expect(at(caching as Simulator, { policy: 'ttl' }, 5)).toMatch(/Che's approximation is for LRU/)
    expect(at(loadBalancing as Simulator, { queueCapacity: 5 }, 20)).toMatch(/unbounded queue/)
    expect(at(sharding as Simulator, { resize: 'none' }, 5)).toMatch(/no resize/)
    expect(at(failureHandling as Simulator, {}, 30)).toMatch(/product rule/)
    expect(at(basics as Simulator, { rate: 2000, rampTo: 1 }, 5)).toMatch(/overload/)
    expect(at(loadBalancing as Simulator, { policy: 'random', servers: 1, load: 0.5, warmup: 10 }, 50)).toBeNull()
  })
})

describe('what each model leaves out', () => {
  it.each([...Object.values(simulators), boardSimulator].map((s) => [s.id, s.leavesOut] as const))('%s has a short note', (_id, note) => {
    expect(typeof note).toBe('string')
    expect(note.trim().length).toBeGreaterThan(40)
    expect(note.length).toBeLessThan(500)
    const sentences = note.split(/[.;] /).length
    expect(sentences).toBeGreaterThanOrEqual(1)
  })
})
