import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'failure-handling',
  title: 'Failure handling',
  topic: 'failure-handling',
  kind: 'topic',
  summary: 'Keep an e-commerce checkout taking orders while its dependencies slow down or fail: timeouts, retries with jitter, circuit breakers, bulkheads, degradation and redundancy.',
  simulator: 'failure-handling',
  prompt: {
    statement:
      'Design the checkout path of an online shop so it keeps taking orders when a dependency slows down or fails. Checkout calls inventory, payments (which calls an external card processor) and recommendations, then writes the order; any of them can brown out at peak. Show how the failure of one dependency stays contained instead of taking checkout down with it.',
    functional: [
      'Place an order: reserve stock, authorise payment, write the order and return a confirmation.',
      'Show recommendations on the confirmation page when they are available.',
      'When the card processor is down, accept the order as “payment pending” and charge it later exactly once.',
    ],
    nonFunctional: [
      'Checkout availability 99.95% per month, although each dependency alone is only 99.9%.',
      'Checkout p99 under 1.5 s; no request may hang longer than 2 s.',
      'A dependency that slows down must not exhaust checkout’s threads or connections.',
      'A recovering dependency must not be knocked over again by a surge of retries.',
    ],
    scale: [
      'Peak 2 k checkouts/s; each makes 4 downstream calls ≈ 8 k internal calls/s.',
      'Dependency p99 latency: inventory 150 ms, payments 600 ms (card processor), recommendations 80 ms.',
      'Each dependency 99.9% available (≈ 43 min down per month); the order DB runs a primary plus a standby.',
      'With 3 layers each retrying 3 times, one failing leaf sees up to 4³ = 64× its normal load.',
    ],
  },
  tradeoffs: [
    'A short timeout frees threads quickly but turns a slow-but-working dependency into errors, while a long timeout tolerates slowness but lets a brownout pin every thread.',
    'Retries recover transient failures cheaply but multiply load on a struggling service, so they need backoff, jitter, a retry budget and retrying at only one layer.',
    'A circuit breaker fails fast and gives the dependency room to recover, at the cost of rejecting some requests that would have succeeded while it is open.',
    'Bulkheads (a separate pool per dependency) isolate a hung dependency, but fixed pools waste capacity and need tuning, whereas one shared pool is efficient until one dependency takes it all.',
    'Graceful degradation (cached recommendations, deferred payment) keeps checkout up, but serves stale or incomplete results and adds a second code path to test.',
    'Redundant components in parallel raise availability (1 − Π(1 − aᵢ)), but only with automatic failover and independent failures, and they cost double; every extra dependency in series lowers it (Π aᵢ).',
  ],
  followUps: [
    'The card processor’s p99 jumps from 600 ms to 5 s: walk me through what each mechanism does, second by second.',
    'Your retries are synchronised after an outage and the service falls over again when it comes back: why, and how do you fix it?',
    'How do you make the deferred charge exactly-once when the worker crashes after the processor accepted the charge?',
    'Which dependencies are in series on the critical path, and what is checkout’s availability if you remove one of them?',
    'How do you pick the breaker thresholds and the half-open probe rate, and how do you test them before an incident?',
  ],
  hints: [
    'List every call checkout makes and ask which ones an order truly cannot do without.',
    'Multiply the availabilities of everything on the critical path and compare it with the 99.95% target.',
    'Ask what happens to checkout’s thread pool when payments takes 5 s per call at 2 k requests/s.',
    'Consider what three layers of retries do to the service at the bottom during an outage.',
  ],
  rubric: [
    {
      dimension: 'Timeouts and retries',
      strong: 'Sets per-call timeouts from the callee’s p99, retries only idempotent calls with exponential backoff, full jitter and a retry budget, and retries at one layer only.',
      weak: 'Uses default or no timeouts and immediate retries everywhere, without noticing retry amplification.',
    },
    {
      dimension: 'Containment',
      strong: 'Adds a circuit breaker with closed, open and half-open states and per-dependency bulkheads, and explains with Little’s law how many threads a slow dependency would hold.',
      weak: 'Lets all calls share one pool, so one slow dependency exhausts checkout.',
    },
    {
      dimension: 'Degradation',
      strong: 'Separates critical from optional dependencies, falls back to cached or deferred results, and keeps the deferred payment idempotent.',
      weak: 'Treats every dependency failure as a failed checkout.',
    },
    {
      dimension: 'Availability arithmetic',
      strong: 'Computes series availability as a product, redundant availability as 1 − Π(1 − aᵢ), and uses both to justify which parts get redundancy or leave the critical path.',
      weak: 'Claims high availability without numbers or assumes redundancy helps without failover.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Shoppers (web and app)', x: 0, y: 400 },
      { id: 'lb', kind: 'load-balancer', label: 'Load balancer (redundant pair)', x: 240, y: 400 },
      { id: 'checkout', kind: 'server', label: 'Checkout service (bulkhead per dependency)', x: 480, y: 400, capacity: 2500 },
      { id: 'pay-queue', kind: 'queue', label: 'Pending payments queue', x: 720, y: 60, capacity: 10000 },
      { id: 'charge-worker', kind: 'worker', label: 'Deferred charge worker', x: 960, y: 60, capacity: 500 },
      { id: 'payments', kind: 'server', label: 'Payments service (circuit breaker)', x: 720, y: 220, capacity: 2500 },
      { id: 'processor', kind: 'server', label: 'Card processor (external)', x: 960, y: 220, capacity: 3000 },
      { id: 'inventory', kind: 'server', label: 'Inventory service', x: 720, y: 400, capacity: 5000 },
      { id: 'orders-db', kind: 'database', label: 'Orders DB (primary)', x: 960, y: 400, capacity: 8000 },
      { id: 'orders-standby', kind: 'db-replica', label: 'Orders DB (standby)', x: 1200, y: 400, capacity: 8000 },
      { id: 'recs', kind: 'server', label: 'Recommendations (optional)', x: 720, y: 600, capacity: 3000 },
      { id: 'recs-cache', kind: 'cache', label: 'Fallback: cached top sellers', x: 960, y: 600, capacity: 50000 },
    ],
    arrows: [
      { from: 'client', to: 'lb', label: 'POST /checkout' },
      { from: 'lb', to: 'checkout', label: 'health-checked' },
      { from: 'checkout', to: 'payments', label: 'authorise (timeout 1 s)' },
      { from: 'payments', to: 'processor', label: 'charge (idempotency key)' },
      { from: 'checkout', to: 'pay-queue', label: 'breaker open: defer', dashed: true },
      { from: 'pay-queue', to: 'charge-worker', label: 'consume', dashed: true },
      { from: 'charge-worker', to: 'payments', label: 'retry, backoff + jitter', dashed: true },
      { from: 'checkout', to: 'inventory', label: 'reserve (200 ms, 2 retries)' },
      { from: 'checkout', to: 'orders-db', label: 'write order' },
      { from: 'orders-db', to: 'orders-standby', label: 'sync replication', dashed: true },
      { from: 'checkout', to: 'recs', label: 'recs (100 ms, no retry)' },
      { from: 'checkout', to: 'recs-cache', label: 'fallback', dashed: true },
      { from: 'recs', to: 'recs-cache', label: 'refresh hourly', dashed: true },
    ],
    notes: [
      {
        text: 'Timeouts just above the callee’s p99. Retry idempotent calls at one layer only, at most twice: sleep random(0, min(2 s, 50 ms × 2ⁿ)). A 10% retry budget stops a brownout becoming a retry storm.',
        x: 0,
        y: 780,
        color: 'yellow',
      },
      {
        text: 'Breaker on payments: opens at 50% errors over 20 calls, fails fast for 30 s, then half-open lets a few probes through. While open, orders are taken as “payment pending” and charged later.',
        x: 280,
        y: 780,
        color: 'light-red',
      },
      {
        text: 'Bulkheads: a pool per dependency (payments 50, inventory 50, recs 10). By Little’s law 2 k/s × 5 s would hold 10 k threads; the pool caps it. Recs are optional: fall back to cached top sellers.',
        x: 560,
        y: 780,
        color: 'light-blue',
      },
      {
        text: 'In series: 5 hops at 99.9% give 0.999⁵ ≈ 99.5% (3.6 h down a month). In parallel: 1 − 0.001² = 99.9999%. So make LB, servers and DB redundant and take payments off the critical path.',
        x: 840,
        y: 780,
        color: 'light-green',
      },
    ],
    zones: [
      { label: 'Redundant in parallel', x: 936, y: 360, w: 448, h: 160 },
      { label: 'Optional: degrade, never fail checkout', x: 696, y: 560, w: 448, h: 160 },
    ],
  },
}

export default template
