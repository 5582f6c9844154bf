import { defineSimulator } from '@/lib/sim/engine'
import { shardingParams } from './params'
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
    { name: 'hottestShardShare', description: 'Busiest shard share per window', kind: 'series' },
    { name: 'keys', description: 'Users per shard', kind: 'perNode' },
    { name: 'queries', description: 'Queries per shard', kind: 'perNode' },
  ],
  create(params, seed, horizon) {
    return new ShardingRun(params, seed, horizon ?? 100)
  },
})
