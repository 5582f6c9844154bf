import { describe, expect, it } from 'vitest'
import { Rng } from '@/lib/sim/engine'
import { cap } from '@/lib/sim/cap'
import type { CapRun } from '@/lib/sim/cap/run'
import { startRun } from '@/lib/sim/registry'
import { cpMajorityAvailable, cpMinorityWrites, cpStaleReads, cpTwoLeaders } from '@/lib/sim/verify/cap'
import { expectChecks, runTo, value } from './helpers'

// Defaults: 5 replicas, n0 leader, n0 and n1 cut off from 2000 ms to 5000 ms, 50 ops/s.
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)

describe('CAP: CP mode (Raft-style majority quorums)', () => {
  it('no read returns a value older than the last acknowledged write, over 20 seeds', () => {
    // Safety properties, not statistics: the tolerance is zero. 20 seeds x ~400 operations,
    // each with a leader change when the cut isolates the old leader (3 and 5 replicas).
    // Shared with `npm run sim:verify` (lib/sim/verify/cap.ts), as are the checks below.
    expectChecks(cpStaleReads, cpTwoLeaders)
  })

  it('the minority side refuses writes (and commits nothing new) while the majority keeps working', () => {
    // Minority: 0 writes acknowledged, 0 entries committed, availability 0 (10 seeds). The
    // majority elects a new leader within a few election timeouts (~0.3 s of a 3 s cut): > 0.75.
    expectChecks(cpMinorityWrites, cpMajorityAvailable)
  })

  it('safety holds under fuzzed crashes, restarts and partitions', () => {
    // Pinned seeds: a failing one becomes a named regression test.
    for (const seed of SEEDS) {
      const started = startRun(cap, { mode: 'cp', partitionAt: 0, opRate: 0.1 }, seed, 10_000)
      if (!started.ok) throw new Error(started.errors.join())
      const run = started.run as CapRun
      const chaos = new Rng(seed ^ 0xc4a05)
      for (let t = 500; t < 10_000; t += 500) {
        run.advance(t)
        const node = `n${chaos.int(5)}`
        const roll = chaos.next()
        if (roll < 0.3) run.fail(node)
        else if (roll < 0.6) run.heal(node)
        else if (roll < 0.8) run.partition([`n${chaos.int(5)}`, `n${chaos.int(5)}`])
        else run.healPartition()
      }
      for (const id of run.net.ids) run.heal(id)
      run.healPartition()
      run.advance(12_000)
      const m = run.metrics()
      expect(value(m, 'staleReads'), `seed ${seed}`).toBe(0)
      expect(value(m, 'twoLeaderTerms'), `seed ${seed}`).toBe(0)
      expect(value(m, 'writesAcked')).toBeGreaterThan(0)
    }
  })
})

describe('CAP: AP mode (last-writer-wins)', () => {
  it('both sides stay available during the partition, at the price of stale reads and conflicts', () => {
    const m = runTo(cap, { mode: 'ap' }, 1, 8000)
    expect(value(m, 'availabilityMinority')).toBe(1)
    expect(value(m, 'availabilityMajority')).toBe(1)
    expect(value(m, 'minorityWritesAcked')).toBeGreaterThan(0)
    expect(value(m, 'staleReads')).toBeGreaterThan(0)
    expect(value(m, 'conflicts')).toBeGreaterThan(0)
  })

  it('replicas converge after the partition heals', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      // Clients stop when the cut heals, so convergence is not blurred by new writes.
      const m = runTo(cap, { mode: 'ap', clientsStopAt: 5000 }, seed, 6000)
      expect(value(m, 'divergentKeys')).toBe(0)
      // Anti-entropy every 100 ms with 10 ms mean delays: a couple of rounds suffice.
      expect(value(m, 'timeToConverge')).toBeLessThan(500)
    }
  })
})

describe('CAP parameters', () => {
  it('refuses a "minority" that is not one', async () => {
    const { prepareParams } = await import('@/lib/sim/registry')
    const bad = prepareParams(cap, { replicas: 3, minoritySize: 2 })
    expect(bad.ok ? [] : bad.errors).toEqual(['minoritySize: must be at most 1 with 3 replicas (a minority)'])
  })
})

describe('the availability chart', () => {
  it('stays a fraction in every window, through a partition and its heal', () => {
    for (const mode of ['cp', 'ap']) {
      for (const seed of [1, 2, 3]) {
        const m = runTo(cap, { mode }, seed, 8000)
        const series = m.series.availability!
        expect(series.v.length, `${mode} seed ${seed}`).toBeGreaterThan(50)
        for (const v of series.v) expect(v).toBeGreaterThanOrEqual(0)
        expect(Math.max(...series.v), `${mode} seed ${seed}`).toBeLessThanOrEqual(1)
      }
    }
  })
})
