import { describe, expect, it } from 'vitest'
import {
  EventQueue,
  Moments,
  QueueServer,
  Rng,
  Simulation,
  Zipf,
  exponential,
  inject,
  maxInWindow,
  normal,
  parseParams,
  percentile,
  poissonArrivals,
  splitmix32,
  uniform,
  type RequestRecord,
} from '@/lib/sim/engine'

const N = 200_000

function moments(sample: () => number, n = N): Moments {
  const m = new Moments()
  for (let i = 0; i < n; i++) m.add(sample())
  return m
}

describe('seeded PRNG', () => {
  it('pins the first outputs for seed 42 (a change here changes every stored run)', () => {
    const rng = new Rng(42)
    expect([0, 1, 2, 3, 4].map(() => rng.nextU32())).toEqual([3825871779, 1851418855, 1383259262, 890322987, 2796912455])
    const mix = splitmix32(0)
    expect([mix(), mix(), mix()]).toEqual([1684164658, 3653269916, 2939563536])
  })

  it('matches an independent BigInt implementation of sfc32 (the 32-bit tricks are right)', () => {
    const M = 0xffffffffn
    const seedWords = (() => {
      const mix = splitmix32(7)
      return [mix(), mix(), mix(), mix()].map(BigInt)
    })()
    let [a, b, c, d] = seedWords as [bigint, bigint, bigint, bigint]
    const next = (): number => {
      const t = (a + b + d) & M
      d = (d + 1n) & M
      a = b ^ (b >> 9n)
      b = (c + (c << 3n)) & M
      c = ((c << 21n) | (c >> 11n)) & M
      c = (c + t) & M
      return Number(t)
    }
    for (let i = 0; i < 12; i++) next()
    const rng = new Rng(7)
    for (let i = 0; i < 1000; i++) expect(rng.nextU32()).toBe(next())
  })

  it('same seed, same stream; different seeds, different streams', () => {
    const a = new Rng(123)
    const b = new Rng(123)
    const c = new Rng(124)
    const xs = Array.from({ length: 100 }, () => a.next())
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })
})

// Tolerances: with n = 200k draws the standard error of a sample mean is sd/sqrt(n) (0.22% of
// sd) and of a sample variance about sigma^2 * sqrt((kurtosis - 1)/n). Each bound below is >= 4.5
// standard errors, so a correct sampler fails with probability < 1e-5 per assertion; the seed is
// fixed anyway, so the test is deterministic.
describe('distributions', () => {
  const rng = new Rng(2024)

  it('exponential(rate 2) has mean 1/2 and variance 1/4', () => {
    const m = moments(() => exponential(rng, 2))
    expect(Math.abs(m.mean - 0.5) / 0.5).toBeLessThan(0.01) // SE 0.22%
    expect(Math.abs(m.variance - 0.25) / 0.25).toBeLessThan(0.03) // SE sqrt(8/n) = 0.63%
  })

  it('uniform(2, 5) has mean 3.5 and variance 0.75', () => {
    const m = moments(() => uniform(rng, 2, 5))
    expect(Math.abs(m.mean - 3.5)).toBeLessThan(0.01) // SE 0.0019
    expect(Math.abs(m.variance - 0.75) / 0.75).toBeLessThan(0.01) // SE sqrt(0.8/n) = 0.2%
  })

  it('normal(10, 2) by Box-Muller has mean 10 and variance 4', () => {
    const m = moments(() => normal(rng, 10, 2))
    expect(Math.abs(m.mean - 10)).toBeLessThan(0.02) // SE 0.0045
    expect(Math.abs(m.variance - 4) / 4).toBeLessThan(0.015) // SE sqrt(2/n) = 0.32%
  })

  it('Zipf(100, 1) draws rank r with probability (1/(r+1)) / H_100', () => {
    const zipf = new Zipf(100, 1)
    const counts = new Array<number>(100).fill(0)
    for (let i = 0; i < N; i++) counts[zipf.sample(rng)]!++
    let h = 0
    for (let i = 1; i <= 100; i++) h += 1 / i
    for (const r of [0, 1, 9, 99]) {
      const p = 1 / (r + 1) / h
      // Binomial SE sqrt(p(1-p)/n): 0.00088 for rank 0; 5 SE.
      expect(Math.abs(counts[r]! / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N))
    }
    expect(zipf.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('Poisson arrivals at rate 5: count mean 5 per unit time and index of dispersion 1', () => {
    const arrivals = poissonArrivals(rng, 5)
    const T = 20_000
    const perUnit = new Array<number>(T).fill(0)
    for (let t = arrivals.next().value; t < T; t = arrivals.next().value) perUnit[Math.floor(t)]!++
    const m = new Moments()
    perUnit.forEach((c) => m.add(c))
    expect(Math.abs(m.mean - 5)).toBeLessThan(0.08) // SE sqrt(5/T) = 0.016
    expect(Math.abs(m.variance / m.mean - 1)).toBeLessThan(0.06) // SE sqrt(2/T) = 0.01
  })
})

describe('event queue and simulation', () => {
  it('pops in (time, insertion order), whatever the push order', () => {
    const q = new EventQueue<number>()
    const rng = new Rng(5)
    const pushed: { time: number; id: number }[] = []
    for (let id = 0; id < 2000; id++) {
      const time = rng.int(50) // many ties
      q.push(time, id)
      pushed.push({ time, id })
    }
    const expected = [...pushed].sort((a, b) => a.time - b.time || a.id - b.id).map((e) => e.id)
    const popped: number[] = []
    for (let e = q.pop(); e; e = q.pop()) popped.push(e.payload)
    expect(popped).toEqual(expected)
  })

  it('steps one event at a time, skips cancelled events, and runUntil moves the clock', () => {
    const sim = new Simulation()
    const log: string[] = []
    sim.at(2, () => log.push('b'))
    sim.at(1, () => log.push('a'))
    const cancelled = sim.at(1.5, () => log.push('x'))
    sim.at(2, () => log.push('c'))
    cancelled.cancelled = true
    expect(sim.step()).toBe(true)
    expect(log).toEqual(['a'])
    expect(sim.now).toBe(1)
    sim.runUntil(10)
    expect(log).toEqual(['a', 'b', 'c'])
    expect(sim.now).toBe(10)
    expect(sim.step()).toBe(false)
    expect(() => sim.at(5, () => {})).toThrow(/cannot schedule/)
  })

  it('injects failures and recoveries at the given times', () => {
    const sim = new Simulation()
    const log: string[] = []
    inject(sim, [{ at: 3, node: 'a', action: 'fail' }, { at: 1, node: 'b', action: 'fail' }, { at: 5, node: 'a', action: 'heal' }], {
      fail: (n) => log.push(`${sim.now} fail ${n}`),
      heal: (n) => log.push(`${sim.now} heal ${n}`),
    })
    sim.runUntil(10)
    expect(log).toEqual(['1 fail b', '3 fail a', '5 heal a'])
  })

  it('a server with capacity k drops the arrivals beyond one in service plus k waiting', () => {
    const sim = new Simulation()
    const done: RequestRecord[] = []
    const server = new QueueServer(sim, { id: 's', capacity: 2, serviceTime: () => 1, onDone: (j) => done.push(j) })
    const jobs = Array.from({ length: 5 }, (_, id): RequestRecord => ({ id, arrival: 0, outcome: 'pending' }))
    const accepted = jobs.map((j) => server.offer(j))
    expect(accepted).toEqual([true, true, true, false, false])
    sim.runUntil(10)
    expect(done.map((j) => [j.id, j.start, j.end])).toEqual([[0, 0, 1], [1, 1, 2], [2, 2, 3]])
    expect(server.dropped).toBe(2)
  })

  it('failing a server loses what it holds and cancels the service in progress', () => {
    const sim = new Simulation()
    const done: RequestRecord[] = []
    const server = new QueueServer(sim, { id: 's', capacity: 10, serviceTime: () => 1, onDone: (j) => done.push(j) })
    for (let id = 0; id < 3; id++) server.offer({ id, arrival: 0, outcome: 'pending' })
    sim.runUntil(1.5)
    const lost = server.fail()
    expect(lost.map((j) => j.outcome)).toEqual(['failed', 'failed'])
    sim.runUntil(10)
    expect(done).toHaveLength(1)
    expect(server.offer({ id: 9, arrival: 10, outcome: 'pending' })).toBe(false)
    server.heal()
    expect(server.offer({ id: 10, arrival: 10, outcome: 'pending' })).toBe(true)
  })
})

describe('stats and params', () => {
  it('percentile uses nearest rank; maxInWindow counts a closed window', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3)
    expect(percentile([], 0.5)).toBeNull()
    expect(maxInWindow([0, 0.5, 1, 1.0000001, 3], 1)).toBe(3)
  })

  it('parameter errors name the parameter', async () => {
    const { loadBalancing } = await import('@/lib/sim/load-balancing')
    const bad = parseParams(loadBalancing.params.schema, { servers: 65, load: 'high', extra: 1 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.errors).toContain('servers: must be at most 64')
      expect(bad.errors).toContain('load: must be a number')
      expect(bad.errors).toContain('extra: unknown parameter')
    }
    const good = parseParams(loadBalancing.params.schema, { servers: 8 })
    expect(good.ok && good.value.servers === 8 && good.value.policy === 'round-robin').toBe(true)
  })
})
