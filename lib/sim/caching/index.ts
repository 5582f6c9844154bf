import { defineSimulator } from '@/lib/sim/engine'
import { cachingParams } from './params'
import { CachingRun } from './run'

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
    { name: 'hitRatio', description: 'Hit ratio per sampling window', kind: 'series' },
    { name: 'dbLoad', description: 'Database operations per second per sampling window', unit: 'ops/s', kind: 'series' },
  ],
  create(params, seed, horizon) {
    return new CachingRun(params, seed, horizon ?? 100)
  },
})
