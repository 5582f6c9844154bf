import { defineSimulator } from '@/lib/sim/engine'
import { cachingParams } from './params'
import { cheHitRatio } from './che'
import { CachingRun } from './run'
import { Zipf } from '@/lib/sim/engine'

export const caching = defineSimulator({
  id: 'caching',
  title: 'Caching',
  summary: 'Zipf-popular reads and writes through a cache with an eviction and a write policy.',
  timeUnit: 's',
  defaultDuration: 100,
  params: cachingParams,
  metrics: [
    { name: 'reads', description: 'Reads after warm-up', kind: 'value' },
    { name: 'writes', description: 'Writes (whole run)', kind: 'value' },
    { name: 'hitRatio', description: 'Fraction of reads after warm-up served by the cache', kind: 'value' },
    { name: 'cheHitRatio', description: "Che's approximation of the LRU hit ratio for these keys, skew and size (theory overlay)", kind: 'value' },
    { name: 'topHitRatio', description: 'Hit ratio of an oracle holding the cacheSize most popular objects (perfect LFU)', kind: 'value' },
    { name: 'dbReads', description: 'Reads that reached the database', kind: 'value' },
    { name: 'dbWrites', description: 'Writes that reached the database (write-back: on eviction)', kind: 'value' },
    { name: 'dbLoad', description: 'Database operations per second', unit: 'ops/s', kind: 'value' },
    { name: 'evictions', description: 'Objects evicted to make room', kind: 'value' },
    { name: 'meanLatency', description: 'Mean request latency after warm-up', unit: 'ms', kind: 'value' },
    { name: 'cached', description: 'Objects in the cache now', kind: 'value' },
    { name: 'hitRatio', description: "Hit ratio per sampling window; dashed: Che's approximation for LRU", kind: 'series', theory: 'cheHitRatio' },
    { name: 'cheHitRatio', description: "Che's approximation of the LRU hit ratio (a constant line)", kind: 'series' },
    { name: 'dbLoad', description: 'Database operations per second per sampling window', unit: 'ops/s', kind: 'series' },
  ],
  leavesOut:
    "Object sizes (capacity counts objects); Redis's sampled LRU/LFU; scans and popularity drift; stampedes and request coalescing. The database never queues (its latency is fixed), and write-back's window of data loss is modelled only as loss when the cache fails.",
  caveat(p) {
    if (p.cacheSize >= p.keys) return 'the cache holds every object: after the cold misses every read hits'
    if (p.policy === 'ttl') return "TTL eviction: Che's approximation is for LRU; a TTL cache's hit ratio depends on the TTL more than the size"
    if (p.policy === 'fifo' || p.policy === 'random') return `${p.policy.toUpperCase()} eviction: Che's approximation is for LRU; ${p.policy.toUpperCase()} sits a little below it`
    if (p.policy === 'lfu') return "LFU eviction: Che's approximation is for LRU; LFU keeps the popular objects and sits above it"
    if (p.readRatio < 1 && p.writePolicy === 'write-around') return "write-around: writes invalidate cached copies, so hits fall below Che's line"
    return p.warmup > 0 ? `warm-up: the cache starts empty; windows before ${p.warmup} s sit below the line and are left out of hitRatio` : 'no warm-up: the cache starts empty, so early windows and hitRatio sit below the line'
  },
  sweeps: [
    {
      id: 'hit-ratio-vs-size',
      label: "LRU hit ratio vs cache size (1000 objects), Che's approximation",
      param: 'cacheSize',
      values: [10, 25, 50, 100, 200, 350, 500, 700, 1000],
      metric: 'hitRatio',
      // 30 s at 1000 req/s: 5,000 warm-up reads, then 25,000 counted, so the binomial sd of a hit
      // ratio h is sqrt(h (1 - h) / 25000), under 1% of h for h >= 0.2.
      duration: 30,
      // Che's approximation is for LRU under the independent reference model: reads only.
      overrides: { policy: 'lru', keys: 1000, readRatio: 1, requestRate: 1000, warmup: 5 },
      theory: (p) => cheHitRatio(zipfProbabilities(p.keys, p.zipfSkew), p.cacheSize),
      caveat: "LRU with reads only (Che's assumptions); at very low skew small caches hit rarely, so their points scatter",
    },
  ],
  create(params, seed, horizon) {
    return new CachingRun(params, seed, horizon ?? 100)
  },
})

// The sweep's theory is evaluated once per point, so keep the last probability vector around
// rather than rebuilding a Zipf of the same keys and skew each time.
let zipfCache: { keys: number; skew: number; probabilities: ArrayLike<number> } | null = null
function zipfProbabilities(keys: number, skew: number): ArrayLike<number> {
  if (!zipfCache || zipfCache.keys !== keys || zipfCache.skew !== skew) zipfCache = { keys, skew, probabilities: new Zipf(keys, skew).probabilities }
  return zipfCache.probabilities
}
