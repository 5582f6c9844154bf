// sharding: keys moved when a shard is added (modulo N/(N+1), consistent and jump 1/(N+1)) and
// the fan-out tail 1 - (1 - p)^k.
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'sharding'
// 20k users, one shard added at t = 1; few queries (they do not matter here).
const base = { keys: 20_000, resize: 'add', resizeAt: 1, requestRate: 1 }

export const moduloMoved = defineCheck({
  simulator: SIM,
  name: 'add a shard, modulo: moved = N/(N+1)',
  kind: 'approx',
  cases: [5, 10, 20].flatMap((shards): Case[] => [1, 2].map((seed) => ({ params: { ...base, shards, placement: 'modulo' }, seed, duration: 2 }))),
  theory: (o) => o.params.shards / (o.params.shards + 1),
  measure: (o) => metric(o, 'movedFraction'),
  tolerance: { abs: 0.015, why: 'binomial SE with 20k keys <= 0.003: 0.015 is > 5 SE' },
  also: (o) => (Math.abs(metric(o, 'expectedMovedFraction') - o.params.shards / (o.params.shards + 1)) < 5e-7 ? [] : ['expectedMovedFraction metric disagrees']),
})

export const consistentMoved = defineCheck({
  simulator: SIM,
  name: 'add a shard, consistent hashing v=200: moved = 1/(N+1) (mean of 5 rings)',
  kind: 'approx',
  over: 'mean',
  cases: [5, 10].flatMap((shards): Case[] => [1, 2, 3, 4, 5].map((seed) => ({ params: { ...base, shards, placement: 'consistent', virtualNodes: 200 }, seed, duration: 2 }))),
  theory: (o) => 1 / (o.params.shards + 1),
  measure: (o) => metric(o, 'movedFraction'),
  tolerance: { rel: 0.15, why: "the new shard's ring share has CV ~1/sqrt(v) = 7%; the mean of 5 rings ~3.2%: 15% = ~4.7 SE" },
  // And never anywhere near modulo's N/(N+1).
  also: (o) => (metric(o, 'movedFraction') < 0.2 ? [] : [`moved ${metric(o, 'movedFraction')}`]),
})

export const jumpMoved = defineCheck({
  simulator: SIM,
  name: 'add a shard, jump hash: moved = 1/(N+1)',
  kind: 'approx',
  cases: [5, 10].flatMap((shards): Case[] => [1, 2].map((seed) => ({ params: { ...base, shards, placement: 'jump' }, seed, duration: 2 }))),
  theory: (o) => 1 / (o.params.shards + 1),
  measure: (o) => metric(o, 'movedFraction'),
  tolerance: { rel: 0.1, why: 'only binomial noise: SE 0.002 on 0.0909 (2.2%) and 0.0026 on 0.167 (1.6%): 10%' },
})

export const fanoutTail = defineCheck({
  simulator: SIM,
  name: 'fan-out over k shards: P(slow) = 1 - (1 - p)^k',
  kind: 'approx',
  cases: [2, 5, 10].flatMap((fanout): Case[] =>
    [1, 2].map((seed) => ({ params: { ...base, resize: 'none', requestRate: 1000, crossShardFraction: 1, fanout, slowProbability: 0.01 }, seed, duration: 10 })),
  ),
  theory: (o) => 1 - (1 - o.params.slowProbability) ** o.params.fanout,
  measure: (o) => metric(o, 'slowCrossShardFraction'),
  tolerance: { abs: 0.015, why: '~10k fan-out queries: binomial SE <= 0.003; 0.015 = 5 SE' },
  also: (o) => (Math.abs(metric(o, 'expectedSlowCrossShardFraction') - (1 - (1 - o.params.slowProbability) ** o.params.fanout)) < 5e-7 ? [] : ['expectedSlowCrossShardFraction metric disagrees']),
})

export const shardingChecks: AnyCheck[] = [moduloMoved, consistentMoved, jumpMoved, fanoutTail]
