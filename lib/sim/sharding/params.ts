import { defineParams, int, num, select } from '@/lib/sim/engine'

export const shardingParams = defineParams({
  placement: select({
    label: 'Placement',
    options: [
      { value: 'modulo', label: 'Hash modulo N' },
      { value: 'consistent', label: 'Consistent hashing' },
      { value: 'jump', label: 'Jump hash' },
      { value: 'range', label: 'Range' },
      { value: 'directory', label: 'Directory (lookup table)' },
    ],
    default: 'consistent',
  }),
  shardKey: select({
    label: 'Shard key',
    options: [
      { value: 'user', label: 'User id' },
      { value: 'tenant', label: 'Tenant id' },
      { value: 'region', label: 'Region' },
    ],
    default: 'user',
  }),
  shards: int({ label: 'Shards', min: 1, max: 64, default: 10 }),
  virtualNodes: int({ label: 'Virtual nodes per shard', description: 'Consistent hashing only', min: 1, max: 1000, default: 100 }),
  keys: int({ label: 'Users (keys)', min: 10, max: 200000, default: 20000 }),
  tenants: int({ label: 'Tenants', min: 1, max: 10000, default: 100 }),
  tenantSkew: num({ label: 'Tenant size skew (Zipf s)', description: 'Higher: one whale tenant owns more users', min: 0, max: 2, step: 0.05, default: 1.1 }),
  regions: int({ label: 'Regions', min: 1, max: 8, default: 3 }),
  keySkew: num({ label: 'Request skew over users (Zipf s)', min: 0, max: 2, step: 0.05, default: 0.8 }),
  resize: select({
    label: 'Resize',
    options: [
      { value: 'none', label: 'None' },
      { value: 'add', label: 'Add a shard' },
      { value: 'remove', label: 'Remove a shard' },
    ],
    default: 'add',
  }),
  resizeAt: num({ label: 'Resize at', unit: 's', min: 0, max: 1e6, default: 50 }),
  requestRate: num({ label: 'Query rate', unit: 'q/s', min: 1, max: 100000, default: 500 }),
  crossShardFraction: num({ label: 'Cross-shard queries', description: 'Fraction of queries that fan out', min: 0, max: 1, step: 0.05, default: 0.1 }),
  fanout: int({ label: 'Fan-out', description: 'Shards a cross-shard query touches', min: 1, max: 64, default: 10 }),
  slowProbability: num({ label: 'Slow shard probability', description: 'Per shard per query', min: 0, max: 0.5, step: 0.005, default: 0.01 }),
  shardLatency: num({ label: 'Shard latency', unit: 'ms', min: 0, max: 10000, default: 5 }),
  slowLatency: num({ label: 'Slow shard latency', unit: 'ms', min: 0, max: 100000, default: 100 }),
})
