// Sweep charts (lib/sim/sweep.ts): each simulator's sweep lands on its theory curve within a
// tolerance justified by the run length, and the sliced runner the panel uses gives the same
// points as the one-shot runner.
import { describe, expect, it } from 'vitest'
import type { Simulator, SweepSpec } from '@/lib/sim/engine'
import { basics } from '@/lib/sim/basics'
import { caching } from '@/lib/sim/caching'
import { loadBalancing } from '@/lib/sim/load-balancing'
import { sharding } from '@/lib/sim/sharding'
import { simulators } from '@/lib/sim/registry'
import { collect, maxRelError, runSweep, sweepPoints, sweepSteps, type SweepResult } from '@/lib/sim/sweep'

const SEEDS = [1, 2, 3]

function only<P>(sim: Simulator<P>): SweepSpec<P> {
  const spec = sim.sweeps?.[0]
  if (!spec) throw new Error(`${sim.id} has no sweep`)
  return spec
}

/** Relative errors point by point (null where theory is missing or zero). */
function relErrors(r: SweepResult): (number | null)[] {
  return r.x.map((_, i) => {
    const s = r.simulated[i]
    const t = r.theory[i]
    return s == null || t == null || t <= 0 ? null : Math.abs(s - t) / t
  })
}

describe('sweep specs', () => {
  it('every sweep names a numeric parameter, a value metric and 6-10 points in range', () => {
    for (const sim of Object.values(simulators)) {
      for (const spec of sim.sweeps ?? []) {
        const param = (sim.params.specs as Record<string, { kind: string; min?: number; max?: number }>)[spec.param]
        expect(param?.kind, `${sim.id}.${spec.param}`).toMatch(/number|integer/)
        expect(sim.metrics.some((m) => m.kind === 'value' && m.name === spec.metric)).toBe(true)
        const r = runSweep(sim, { ...spec, duration: Math.min(spec.duration, 1) }, {}, 1)
        expect(r.x.length).toBeGreaterThanOrEqual(6)
        expect(r.x.length).toBeLessThanOrEqual(10)
        for (const x of r.x) expect(x >= param!.min! && x <= param!.max!, `${sim.id} ${x}`).toBe(true)
      }
    }
  })

  it('the sliced runner (the panel) yields the same points as runSweep', () => {
    for (const sim of [caching, sharding, basics] as unknown as Simulator[]) {
      const spec = { ...only(sim), duration: only(sim).duration / 4 }
      const whole = runSweep(sim, spec, {}, 7)
      expect(collect(sweepPoints(sim, spec, {}, 7))).toEqual(whole)
      const steps = [...sweepSteps(sim, spec, {}, 7, 5)]
      expect(steps.filter((s) => s === null).length).toBe(whole.x.length * 4)
    }
  })

  it('bad base parameters give no points; the swept value overrides the base', () => {
    expect(runSweep(caching, only(caching), { cacheSize: -1 }, 1).x).toEqual([])
    const r = runSweep(sharding, { ...only(sharding), values: [5, 9] }, { shards: 40, placement: 'modulo' }, 1)
    expect(r.theory).toEqual([5 / 6, 9 / 10].map((v) => expect.closeTo(v, 9)))
  })
})

describe('sweeps against theory', () => {
  // M/M/1 with T = 200,000 service times per point. The time-average number in system has
  // asymptotic variance 2 rho (1 + rho) / ((1 - rho)^4 mu T), so the mean's relative sd is
  // 2.4% at rho 0.8 and 4.6% at 0.9 (and smaller below). 3 sd: 8% up to 0.8, 15% at 0.9.
  it('load balancing: mean sojourn vs load follows M/M/1 W = 1/(mu - lambda)', () => {
    for (const seed of SEEDS) {
      const r = runSweep(loadBalancing, only(loadBalancing), { servers: 8, policy: 'p2c' }, seed)
      expect(r.theory[r.x.indexOf(0.5)]).toBeCloseTo(2, 9)
      relErrors(r).forEach((e, i) => expect(e!, `seed ${seed} load ${r.x[i]}`).toBeLessThan(r.x[i]! <= 0.8 ? 0.08 : 0.15))
    }
  })

  // 25,000 counted reads per point: binomial sd of h is sqrt(h (1 - h) / 25000), 1.7% of h at
  // the smallest cache (h 0.08) and under 1% from h 0.2 up; Che's approximation itself is within
  // about 1% for Zipf popularity (Fricker, Robert and Roberts). 5% covers both.
  it("caching: LRU hit ratio vs cache size follows Che's approximation", () => {
    for (const seed of SEEDS) {
      const r = runSweep(caching, only(caching), { policy: 'fifo' }, seed)
      expect(maxRelError(r)!).toBeLessThan(0.05)
    }
  })

  // Each user moves independently with probability p, so over K users the moved share has
  // binomial sd sqrt(p (1 - p) / K); consistent hashing adds the new shard's arc scatter, a sum
  // of v arcs with relative sd 1/sqrt(v). Allow 4 sd per point.
  it('sharding: moved share vs N follows 1/(N+1) (jump, consistent) and N/(N+1) (modulo)', () => {
    const keys = sharding.params.defaults.keys as number
    for (const [placement, v] of [['jump', 0], ['modulo', 0], ['consistent', 1000], ['consistent', 100]] as const) {
      // Consistent hashing builds a ring of v x N points per run: one seed keeps the test short.
      for (const seed of placement === 'consistent' ? [1] : SEEDS) {
        const r = runSweep(sharding, only(sharding), { placement, virtualNodes: v || 100, shardKey: 'tenant', resize: 'none' }, seed)
        r.x.forEach((n, i) => {
          const p = r.theory[i]!
          expect(p).toBeCloseTo(placement === 'modulo' ? n / (n + 1) : 1 / (n + 1), 9)
          const binomial = (1 - p) / (p * keys)
          const sd = Math.sqrt(binomial + (v ? 1 / v : 0))
          expect(Math.abs(r.simulated[i]! - p) / p, `${placement} v${v} seed ${seed} N ${n}`).toBeLessThan(4 * sd)
        })
      }
    }
    // Range has no formula: points but no curve.
    const range = runSweep(sharding, only(sharding), { placement: 'range' }, 1)
    expect(range.theory.every((t) => t === null)).toBe(true)
    expect(maxRelError(range)).toBeNull()
  })

  // 60 s of flat traffic per point. At up to 80% of the bound the app tier (M/M/4, 10 ms service)
  // relaxes in well under a second, so the empty start and scatter stay within 5%; at 90% the
  // queue relaxes in about a second and one long busy period moves the mean by ~10%: 15%.
  it('basics: mean latency vs offered rate follows the sum of M/M/c (Erlang C) waits', () => {
    for (const seed of SEEDS) {
      const r = runSweep(basics, only(basics), {}, seed)
      expect(r.x).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900])
      relErrors(r).forEach((e, i) => expect(e!, `seed ${seed} rate ${r.x[i]}`).toBeLessThan(i < 8 ? 0.05 : 0.15))
    }
  })

  it('each sweep costs well under 1.5 s of CPU', () => {
    for (const sim of [loadBalancing, caching, sharding, basics] as unknown as Simulator[]) {
      const t0 = performance.now()
      runSweep(sim, only(sim), {}, 1)
      // Generous for slow CI machines: the panel target is ~1 s on a laptop.
      expect(performance.now() - t0, sim.id).toBeLessThan(6000)
    }
  })
})
