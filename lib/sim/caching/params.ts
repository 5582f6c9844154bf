import { defineParams, int, num, select } from '@/lib/sim/engine'

export const cachingParams = defineParams({
  policy: select({
    label: 'Eviction policy',
    options: [
      { value: 'lru', label: 'LRU' },
      { value: 'lfu', label: 'LFU' },
      { value: 'fifo', label: 'FIFO' },
      { value: 'random', label: 'Random' },
      { value: 'ttl', label: 'TTL (expire after ttl; evict oldest when full)' },
    ],
    default: 'lru',
  }),
  cacheSize: int({ label: 'Cache size', unit: 'objects', min: 1, max: 1000000, default: 100 }),
  keys: int({ label: 'Distinct objects', min: 1, max: 1000000, default: 10000 }),
  zipfSkew: num({ label: 'Popularity skew (Zipf s)', min: 0, max: 2, step: 0.05, default: 0.8 }),
  readRatio: num({ label: 'Read fraction', min: 0, max: 1, step: 0.05, default: 1 }),
  writePolicy: select({
    label: 'Write policy',
    options: [
      { value: 'write-through', label: 'Write-through' },
      { value: 'write-back', label: 'Write-back' },
      { value: 'write-around', label: 'Write-around' },
    ],
    default: 'write-through',
  }),
  ttl: num({ label: 'TTL', unit: 's', description: 'Only for the ttl policy', min: 0.001, max: 1e6, default: 10 }),
  requestRate: num({ label: 'Request rate', unit: 'req/s', min: 1, max: 100000, default: 1000 }),
  cacheLatency: num({ label: 'Cache latency', unit: 'ms', min: 0, max: 1000, default: 1 }),
  dbLatency: num({ label: 'Database latency', unit: 'ms', min: 0, max: 10000, default: 20 }),
  warmup: num({ label: 'Warm-up', unit: 's', description: 'Requests earlier are left out of the hit ratio', min: 0, max: 1e6, default: 10 }),
})
