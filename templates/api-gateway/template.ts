import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'api-gateway',
  title: 'API gateway and rate limiting',
  topic: 'api-gateway',
  kind: 'topic',
  summary: 'Front a paid public API with a gateway that authenticates keys, routes to services, enforces per-plan rate limits and meters usage for billing.',
  simulator: 'rate-limiting',
  prompt: {
    statement:
      'Design the API gateway for a public weather-data API sold in Free, Pro and Enterprise plans. Every request must be authenticated by API key, routed to the right backend service, rate-limited according to the key’s plan, and counted for monthly usage billing.',
    functional: [
      'Authenticate each request by API key (or OAuth JWT for partner apps) and reject invalid ones with 401.',
      'Route /v1/forecast/* and /v1/history/* to separate backend services.',
      'Enforce per-key limits by plan and return 429 with a Retry-After header when exceeded.',
      'Meter accepted requests per key and produce an exact monthly invoice per plan.',
    ],
    nonFunctional: [
      'Gateway adds under 10 ms p99 to each request.',
      'Invalid keys and over-limit traffic never reach a backend service.',
      'Billing counts match the access logs exactly; a retried request with the same idempotency key is billed once.',
    ],
    scale: [
      '50 k active API keys; 30 k req/s at peak, ~10 k req/s average ≈ 26 B requests/month to meter.',
      'Free: 5 req/s (burst 10), 10 k calls/month; Pro ($99/month): 100 req/s (burst 200), 5 M calls then $0.02 per 1 k; Enterprise: 2 k req/s by contract.',
      '8 gateway instances at ~6 k req/s each (64% utilisation at peak); one Redis limiter shard handles ~100 k ops/s.',
    ],
  },
  tradeoffs: [
    'A central limiter in Redis enforces exact global limits but adds a network hop and a dependency, while local per-gateway buckets are free and fast but over- or under-admit when traffic is skewed across gateways.',
    'A token bucket allows controlled bursts up to b on top of rate r, while a leaky bucket smooths output to a constant rate at the cost of queueing delay.',
    'A fixed-window counter is one integer per key but lets through up to 2x the limit across a window boundary, while a sliding log is exact but stores a timestamp per request; the sliding-window counter approximates it in two integers.',
    'Validating JWTs locally with a public key avoids a lookup per request but cannot see revocations until expiry, while opaque API keys need a (cached) lookup but can be revoked instantly.',
    'Failing open when the limiter store is down keeps customers served but removes backend protection, while failing closed protects backends but turns a limiter outage into a full outage.',
    'Putting business logic in the gateway centralises it but couples every team to one deploy, so keep the gateway to cross-cutting policy (auth, limits, routing, metering).',
  ],
  followUps: [
    'One Enterprise customer sends 10x its usual traffic: how do you stop it from hurting Free and Pro customers?',
    'Redis behind the limiter goes down: do you fail open or closed, and what does each gateway do meanwhile?',
    'Prove the bound: with rate r and burst b, how many requests can a token bucket admit in any window of τ seconds?',
    'How do you make the metering pipeline exact when gateways crash mid-batch and clients retry?',
    'Should a request rejected with 429 count towards the customer’s bill or quota? Why?',
  ],
  hints: [
    'Decide the order of the gateway’s checks: which one is cheapest and rejects the most junk?',
    'Limits are per key, but there are 8 gateways: where does the counter live?',
    'Draw what a fixed one-minute window allows at 12:00:59 and 12:01:00.',
    'Billing wants exactness; the request path wants speed: could usage be counted asynchronously?',
  ],
  rubric: [
    {
      dimension: 'Gateway responsibilities',
      strong: 'Orders the pipeline (authenticate, authorise, limit, route, meter) so junk is rejected cheapest-first, and keeps business logic in the services.',
      weak: 'Treats the gateway as a reverse proxy and leaves auth and limits to each backend.',
    },
    {
      dimension: 'Rate-limiting algorithm',
      strong: 'Picks token bucket or sliding window per plan, states the burst bound r·τ + b, and explains the fixed-window boundary problem.',
      weak: 'Counts requests per minute in a fixed window and cannot explain bursts at the boundary.',
    },
    {
      dimension: 'Distributed enforcement',
      strong: 'Shares counters across gateways with atomic Redis scripts (or local buckets with a synced budget), and defines fail-open or fail-closed behaviour.',
      weak: 'Keeps counters in each gateway’s memory so the effective limit scales with the number of gateways.',
    },
    {
      dimension: 'Metering and pricing',
      strong: 'Emits usage events asynchronously, dedupes by request id, aggregates per key and plan, and reconciles with access logs before invoicing.',
      weak: 'Increments a billing row synchronously on every request, or bills retries and rejected calls.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'API consumers (API key)', x: 0, y: 280 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer (L4)', x: 280, y: 280, capacity: 200000 },
      { id: 'gateway', kind: 'api-gateway', label: 'API gateway ×8', x: 560, y: 280, capacity: 6000 },
      { id: 'limiter', kind: 'cache', label: 'Redis: token buckets per key', x: 560, y: 60, capacity: 100000 },
      { id: 'keys', kind: 'database', label: 'Keys and plans DB', x: 560, y: 520, capacity: 5000 },
      { id: 'forecast', kind: 'server', label: 'Forecast service', x: 880, y: 120, capacity: 3000 },
      { id: 'history', kind: 'server', label: 'Historical data service', x: 880, y: 280, capacity: 1000 },
      { id: 'usage', kind: 'queue', label: 'Usage events (Kafka)', x: 880, y: 520 },
      { id: 'meter', kind: 'worker', label: 'Metering aggregator', x: 1160, y: 520 },
      { id: 'billing', kind: 'database', label: 'Usage ledger and invoices', x: 1440, y: 520 },
    ],
    arrows: [
      { from: 'client', to: 'lb', label: 'HTTPS + X-Api-Key' },
      { from: 'lb', to: 'gateway', label: 'TCP' },
      { from: 'gateway', to: 'limiter', label: 'take token (Lua)' },
      { from: 'gateway', to: 'keys', label: 'key → plan (cached 60 s)' },
      { from: 'gateway', to: 'forecast', label: '/v1/forecast/*' },
      { from: 'gateway', to: 'history', label: '/v1/history/*' },
      { from: 'gateway', to: 'usage', label: 'accepted call', dashed: true },
      { from: 'usage', to: 'meter', label: 'consume', dashed: true },
      { from: 'meter', to: 'billing', label: 'hourly counts per key' },
    ],
    notes: [
      {
        text: 'Order: authenticate (hashed API key from a local cache, or JWT checked with a public key), then limit, then route. An invalid key costs one cache lookup and never reaches a backend.',
        x: 0,
        y: 560,
        color: 'light-blue',
      },
      {
        text: 'Token bucket per key: rate r, burst b; any window τ admits ≤ r·τ + b. An atomic Lua script in Redis keeps 8 gateways consistent; if Redis is down, fall back to local buckets at r/8.',
        x: 280,
        y: 560,
        color: 'yellow',
      },
      {
        text: 'Sliding-window counter: current count + previous window’s count × its remaining overlap. A fixed window lets 2× the limit through across a boundary.',
        x: 1160,
        y: 40,
        color: 'light-green',
      },
      {
        text: 'Meter accepted calls only, deduped by request id so retries with one idempotency key bill once. Aggregate hourly; reconcile with access logs before invoicing.',
        x: 1400,
        y: 40,
        color: 'light-violet',
      },
    ],
  },
}

export default template
