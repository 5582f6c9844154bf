// caching: LRU against Che's approximation; only cold misses once the cache holds every key.
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'caching'
// 1000 req/s for 210 s with a 10 s warm-up: ~200k reads counted.
const UNTIL = 210

export const CHE_POINTS = [
  { keys: 1000, cacheSize: 100, zipfSkew: 0.8 },
  { keys: 10_000, cacheSize: 1000, zipfSkew: 1.2 },
  { keys: 10_000, cacheSize: 100, zipfSkew: 0.6 },
  { keys: 10_000, cacheSize: 300, zipfSkew: 1.0 },
]

export const lruChe = defineCheck({
  simulator: SIM,
  name: 'LRU hit ratio = Che approximation',
  kind: 'approx',
  cases: CHE_POINTS.flatMap((p): Case[] => [1, 2].map((seed) => ({ params: { policy: 'lru', ...p }, seed, duration: UNTIL }))),
  theory: (o) => metric(o, 'cheHitRatio'),
  measure: (o) => metric(o, 'hitRatio'),
  tolerance: {
    rel: 0.02,
    abs: (o, che) => 5 * Math.sqrt((che * (1 - che)) / metric(o, 'reads')),
    why: "Che's approximation is within ~1-2% at these sizes (Fricker, Robert, Roberts 2012), plus 5 binomial SE of the measured ratio",
  },
})

export const coldMissesOnly = defineCheck({
  simulator: SIM,
  name: 'cache >= working set: hit ratio >= 1 - K/reads (cold misses only)',
  kind: 'lower-bound',
  cases: [1000, 5000].flatMap((cacheSize) => ['lru', 'lfu', 'fifo', 'random'].map((policy) => ({ params: { policy, keys: 1000, cacheSize, warmup: 0 }, seed: 2, duration: UNTIL }))),
  theory: (o) => 1 - o.params.keys / metric(o, 'reads'),
  measure: (o) => metric(o, 'hitRatio'),
  tolerance: { abs: 1e-6, why: 'a hard bound: every key misses at most once (1e-6: metrics are rounded to 6 decimals)' },
  also: (o) => [...(metric(o, 'hitRatio') > 0.99 ? [] : ['hit ratio <= 0.99']), ...(metric(o, 'evictions') === 0 ? [] : [`${metric(o, 'evictions')} evictions`])],
})

export const cachingChecks: AnyCheck[] = [lruChe, coldMissesOnly]
