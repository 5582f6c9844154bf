import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'rate-limiter',
  title: 'Distributed rate limiter',
  topic: 'api-gateway',
  kind: 'problem',
  summary: 'Design a rate limiter shared by a fleet of API gateways: per-key token buckets in sharded Redis, rules per plan, 429s with Retry-After, and a fail-open policy.',
  simulator: 'rate-limiting',
  prompt: {
    statement:
      'Design the rate limiter for a public API served by 20 gateway instances: each API key gets a limit by plan (for example 100 requests/s with bursts of 200), plus per-endpoint and global limits that protect the backends. Limits must hold across all gateways together, and the limiter may add only a couple of milliseconds to each request.',
    functional: [
      'Allow or reject each request by API key, endpoint and plan, returning 429 with Retry-After and rate-limit headers.',
      'Support per-key, per-endpoint and global limits at the same time; a request must pass all of them.',
      'Operators change a plan’s limits without redeploying; changes apply within 30 s.',
    ],
    nonFunctional: [
      'Limiter overhead p99 under 2 ms per request.',
      'A key never gets more than about 10% above its limit across the whole fleet.',
      'If the limiter store fails, the API keeps serving (fail open) with local fallback limits.',
    ],
    scale: [
      '500 k requests/s at peak over 20 gateways ≈ 25 k/s per gateway.',
      '10 M active API keys × ~100 B of counter state ≈ 1 GB in memory, with a TTL for idle keys.',
      'One Redis operation per request = 500 k ops/s ≈ 5 shards at 100 k ops/s each; a round trip costs ≈ 0.5 ms.',
      'Plans: free 10 requests/s (burst 20), pro 100/s (burst 200), enterprise 2 k/s.',
    ],
  },
  tradeoffs: [
    'A token bucket allows controlled bursts and needs two numbers per key, while a sliding-window log is exact but stores a timestamp per request.',
    'A fixed-window counter is the cheapest but admits up to 2× the limit across a window boundary, whereas a sliding-window counter smooths that with one extra counter.',
    'A central counter in Redis is accurate across gateways but adds a network round trip, while local counters per gateway are fast but over-admit or under-admit when traffic is uneven.',
    'Leasing each gateway a slice of a key’s budget (say 10 tokens at a time) cuts Redis calls by 10× but lets a key overshoot by up to one lease per gateway.',
    'Failing open keeps the API up when the limiter store is down but removes protection, whereas failing closed protects backends but turns a limiter outage into a full outage.',
    'Rejecting with 429 is cheap and honest, while queueing excess requests smooths bursts but adds latency and holds memory.',
  ],
  followUps: [
    'Show that your token bucket never admits more than r·τ + b requests in any window τ.',
    'One Redis shard holds a key that receives 50 k requests/s: what happens and how do you fix it?',
    'Two gateways read the same counter at the same moment: how do you make check-and-decrement atomic?',
    'How do clients behave when they get 429s, and how do you stop them from retrying in lockstep?',
    'How would you limit by tenant cost (say, expensive search calls count 10×) instead of by request count?',
    'How do you run this in three regions: one global budget, or one per region?',
  ],
  hints: [
    'Decide the algorithm first: what state does each key need?',
    'Ask where that state lives so that 20 gateways see the same count.',
    'Think about the race between reading and updating a counter, and how to make it a single step.',
    'Decide what happens to traffic when the counter store is unreachable.',
  ],
  rubric: [
    {
      dimension: 'Algorithm',
      strong: 'Compares token bucket, leaky bucket, fixed and sliding windows, picks one with its burst and boundary behaviour, and states the bound r·τ + b.',
      weak: 'Picks a fixed window without noticing the 2× boundary burst.',
    },
    {
      dimension: 'Distributed state',
      strong: 'Keeps counters in sharded Redis keyed by API key, updates them atomically with a Lua script, sets TTLs, and quantifies the round-trip cost.',
      weak: 'Counts in each gateway’s memory and assumes the fleet total is correct.',
    },
    {
      dimension: 'Performance and hot keys',
      strong: 'Budgets the latency, sizes the shards, and uses local leasing or batching for very hot keys while bounding the overshoot.',
      weak: 'Has no latency or throughput numbers for the limiter itself.',
    },
    {
      dimension: 'Failure and operations',
      strong: 'Chooses fail-open with local fallback limits, distributes rules with versioning, returns Retry-After, and meters throttling for alerts and billing.',
      weak: 'Ignores what happens when Redis is down or how limits are changed.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'API clients (keys)', x: 0, y: 320 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer', x: 240, y: 320, capacity: 1000000 },
      { id: 'rules', kind: 'database', label: 'Rules store (plan → limits)', x: 240, y: 40, capacity: 1000 },
      { id: 'gw-a', kind: 'api-gateway', label: 'Gateway 1 (limiter middleware)', x: 480, y: 220, capacity: 25000 },
      { id: 'gw-b', kind: 'api-gateway', label: 'Gateway 20 (limiter middleware)', x: 480, y: 420, capacity: 25000 },
      { id: 'redis', kind: 'cache', label: 'Redis cluster (buckets, 5 shards)', x: 960, y: 40, capacity: 500000 },
      { id: 'backend', kind: 'server', label: 'Backend services', x: 960, y: 320, capacity: 400000 },
      { id: 'events', kind: 'queue', label: 'Throttle events', x: 720, y: 580, capacity: 100000 },
      { id: 'metrics', kind: 'worker', label: 'Metrics, alerts, billing', x: 960, y: 580, capacity: 100000 },
    ],
    arrows: [
      { from: 'client', to: 'lb', label: 'HTTPS + API key' },
      { from: 'lb', to: 'gw-a', label: 'any gateway' },
      { from: 'lb', to: 'gw-b', label: 'any gateway' },
      { from: 'gw-a', to: 'rules', label: 'load rules (30 s)', dashed: true },
      { from: 'gw-a', to: 'redis', label: 'Lua: take token' },
      { from: 'gw-b', to: 'redis', label: 'Lua: take token' },
      { from: 'gw-a', to: 'backend', label: 'allowed' },
      { from: 'gw-b', to: 'backend', label: 'allowed' },
      { from: 'gw-b', to: 'events', label: '429 logged', dashed: true },
      { from: 'events', to: 'metrics', label: 'aggregate', dashed: true },
    ],
    notes: [
      {
        text: 'Token bucket per key: {tokens, last_refill} in Redis. One Lua script refills (r × elapsed, capped at b) and takes a token atomically, so gateways cannot race. Admitted in τ ≤ r·τ + b.',
        x: 0,
        y: 740,
        color: 'light-blue',
      },
      {
        text: 'Shard by API key so each bucket lives on one shard: 500 k ops/s over 5 shards. Keys above 2 k/s lease 10 tokens at a time per gateway: 10× fewer calls, overshoot ≤ 20 × 10 = 200 (10%).',
        x: 280,
        y: 740,
        color: 'yellow',
      },
      {
        text: 'Fail open: if Redis does not answer in 5 ms, each gateway applies a local bucket of limit ÷ 20 per key. The API stays up; the limit becomes approximate until Redis returns.',
        x: 560,
        y: 740,
        color: 'light-red',
      },
      {
        text: 'Rejected requests get 429 with Retry-After and X-RateLimit-Remaining, so well-behaved clients back off with jitter. Throttle events feed dashboards, abuse alerts and plan upsell.',
        x: 840,
        y: 740,
        color: 'light-green',
      },
    ],
    zones: [{ label: 'Gateway fleet (20 instances)', x: 456, y: 180, w: 208, h: 360 }],
  },
}

export default template
