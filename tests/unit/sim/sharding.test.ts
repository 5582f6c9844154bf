import { describe, expect, it } from 'vitest'
import { sharding } from '@/lib/sim/sharding'
import { jumpHash } from '@/lib/sim/sharding/placement'
import { consistentMoved, fanoutTail, jumpMoved, moduloMoved } from '@/lib/sim/verify/sharding'
import { expectChecks, mean, runTo, value } from './helpers'

// 20k users, 10 shards, one shard added at t = 1; few queries (they do not matter here).
const base = { keys: 20_000, shards: 10, resize: 'add', resizeAt: 1, requestRate: 1 }

describe('sharding', () => {
  it('adding a shard moves ~N/(N+1) of keys with modulo hashing', () => {
    // Binomial SE with 20k keys: sqrt(0.91 x 0.09 / 20000) = 0.002; tolerance 0.015 (N = 5, 10, 20).
    // Shared with `npm run sim:verify` (lib/sim/verify/sharding.ts), as are the checks below.
    expectChecks(moduloMoved)
  })

  it('adding a shard moves ~1/(N+1) of keys with consistent hashing and many virtual nodes', () => {
    // With v = 200 the new shard's share of the ring has a CV of about 1/sqrt(v) = 7%; the mean
    // of 5 seeds (rings differ by seed) has ~3.2%. Tolerance 15% (~4.7 SE). And each seed never
    // anywhere near modulo's 91% (< 0.2).
    expectChecks(consistentMoved)
  })

  it('jump hash moves exactly the keys that jump to the new bucket: ~1/(N+1)', () => {
    // Only binomial noise: SE 0.002 on 0.0909 (2.2%); tolerance 10%.
    expectChecks(jumpMoved)
    // Monotone: growing never moves a key between two old buckets.
    for (let key = 0; key < 2000; key++) {
      const before = jumpHash(key * 2654435761, 10)
      const after = jumpHash(key * 2654435761, 11)
      expect(after === before || after === 10).toBe(true)
    }
  })

  it('removing a shard with consistent hashing moves only that shard\'s keys (~1/N)', () => {
    const m = runTo(sharding, { ...base, placement: 'consistent', virtualNodes: 200, resize: 'remove' }, 1, 2)
    expect(Math.abs(value(m, 'movedFraction') / (1 / 10) - 1)).toBeLessThan(0.3) // single ring: CV 7%, 4 SE
  })

  it('key balance improves with virtual nodes (CV ~ 1/sqrt(v))', () => {
    const cv = (v: number): number =>
      mean([1, 2, 3, 4, 5].map((seed) => value(runTo(sharding, { ...base, placement: 'consistent', virtualNodes: v, resize: 'none' }, seed, 0.5), 'keyCV')))
    const [one, ten, hundred] = [cv(1), cv(10), cv(100)]
    expect(one).toBeGreaterThan(ten)
    expect(ten).toBeGreaterThan(hundred)
    // Pilot over 5 seeds: 0.99, 0.24, 0.093. A node's share with v points is a sum of v ring gaps
    // (CV ~ 1/sqrt(v)); binomial noise of 2000 keys per shard adds ~0.02. Bounds: factor 1.5.
    expect(hundred).toBeGreaterThan(0.1 / 1.5)
    expect(hundred).toBeLessThan(0.1 * 1.5)
    expect(one).toBeGreaterThan(0.5) // one point per shard: arcs vary as much as they average
  })

  it('a fan-out query over k shards is slow with probability 1-(1-p)^k (the tail at scale)', () => {
    // p = 0.01, k = 2, 5, 10 (9.56% at 10). ~10k fan-out queries: binomial SE <= 0.003;
    // tolerance 0.015 (5 SE).
    expectChecks(fanoutTail)
  })

  it('a whale tenant cannot be spread by hashing the tenant id', () => {
    const byUser = runTo(sharding, { ...base, resize: 'none', requestRate: 500, shardKey: 'user' }, 1, 20)
    const byTenant = runTo(sharding, { ...base, resize: 'none', requestRate: 500, shardKey: 'tenant', tenantSkew: 1.5 }, 1, 20)
    expect(value(byTenant, 'hottestShardShare')).toBeGreaterThan(2 * value(byUser, 'hottestShardShare'))
  })
})
