import { defineSimulator } from '@/lib/sim/engine'
import { shardingParams } from './params'
import { expectedMovedFraction } from './placement'
import { ShardingRun } from './run'

export const sharding = defineSimulator({
  id: 'sharding',
  title: 'Database sharding',
  summary: 'Users, tenants and regions placed on shards; resize and count moved keys; fan-out tails.',
  timeUnit: 's',
  defaultDuration: 100,
  params: shardingParams,
  metrics: [
    { name: 'shards', description: 'Shards now', kind: 'value' },
    { name: 'keysMoved', description: 'Users whose shard changed at the resize (null before it)', kind: 'value' },
    { name: 'movedFraction', description: 'keysMoved / users', kind: 'value' },
    { name: 'expectedMovedFraction', description: 'Theory: modulo N/(N+1), consistent and jump 1/(N+1) when adding', kind: 'value' },
    { name: 'keyCV', description: 'Coefficient of variation of users per shard (consistent hashing: about 1/sqrt(v))', kind: 'value' },
    { name: 'maxOverMeanKeys', description: 'Users on the fullest shard / mean', kind: 'value' },
    { name: 'loadCV', description: 'Coefficient of variation of queries per shard', kind: 'value' },
    { name: 'hottestShardShare', description: 'Share of all shard queries served by the busiest shard', kind: 'value' },
    { name: 'queries', description: 'Queries issued', kind: 'value' },
    { name: 'crossShardQueries', description: 'Queries that fanned out', kind: 'value' },
    { name: 'failedQueries', description: 'Queries that touched a failed shard', kind: 'value' },
    { name: 'slowCrossShardFraction', description: 'Fan-out queries slowed by at least one slow shard', kind: 'value' },
    { name: 'expectedSlowCrossShardFraction', description: 'Theory: 1 - (1 - p)^k', kind: 'value' },
    { name: 'latencyP50', description: 'Median query latency', unit: 'ms', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile query latency', unit: 'ms', kind: 'value' },
    { name: 'movedFraction', description: 'Share of users whose shard changed at the resize; dashed: 1/(N+1) (consistent, jump) or N/(N+1) (modulo)', kind: 'series', theory: 'expectedMovedFraction' },
    { name: 'expectedMovedFraction', description: 'Theory: expected share of users moved by the resize', kind: 'series' },
    { name: 'hottestShardShare', description: 'Busiest shard share per window', kind: 'series' },
    { name: 'keys', description: 'Users per shard', kind: 'perNode' },
    { name: 'queries', description: 'Queries per shard', kind: 'perNode' },
  ],
  leavesOut:
    'Data migration time and traffic: moves are instant. Rebalancing a directory onto a new shard; per-region latency and residency rules; shard capacity and queueing (a shard never slows under load).',
  caveat(p) {
    if (p.resize === 'none') return 'no resize: set resize to add or remove to see keys move against 1/(N+1)'
    if (p.resize === 'remove' && p.shards <= 1) return 'one shard cannot be removed: nothing moves'
    if (p.placement === 'range') return 'range placement: no formula, the moved share depends on where the range boundaries fall'
    if (p.shardKey !== 'user') return `shard key ${p.shardKey}: users move in whole ${p.shardKey === 'tenant' ? 'tenants (one whale dominates)' : 'regions'}, so the moved share is lumpy around the line`
    if (p.placement === 'consistent') return `consistent hashing with ${p.virtualNodes} virtual nodes: arcs are uneven, so the moved share scatters around the line by about 1/sqrt(v)`
    return null
  },
  sweeps: [
    {
      id: 'moved-vs-shards',
      label: 'Share of keys moved by adding a shard vs shards N',
      param: 'shards',
      values: [4, 8, 12, 16, 20, 24, 28, 32],
      metric: 'movedFraction',
      // Only the resize matters: it happens at 1 s and the moved count is final at once.
      duration: 1.5,
      // Users as keys (tenants and regions move in lumps), adding one shard, almost no queries.
      overrides: { shardKey: 'user', resize: 'add', resizeAt: 1, requestRate: 1 },
      theory: (p) => expectedMovedFraction(p.placement, p.shards, p.shards + 1),
      caveat: 'adds one shard at each N; consistent hashing scatters by about 1/sqrt(virtual nodes), range has no formula',
    },
  ],
  create(params, seed, horizon) {
    return new ShardingRun(params, seed, horizon ?? 100)
  },
})
