import { defineSimulator } from '@/lib/sim/engine'
import { rateLimitingParams } from './params'
import { RateLimitingRun } from './run'

export const rateLimiting = defineSimulator({
  id: 'rate-limiting',
  title: 'API gateway and rate limiting',
  summary: 'Tenants on plans behind a gateway: key checks, five limiters side by side, routing and billing.',
  timeUnit: 's',
  defaultDuration: 60,
  params: rateLimitingParams,
  metrics: [
    { name: 'requests', description: 'Requests sent to the gateway', kind: 'value' },
    { name: 'accepted', description: 'Requests admitted by the limiters', kind: 'value' },
    { name: 'rejected', description: 'Requests refused with 429', kind: 'value' },
    { name: 'unauthorized', description: 'Requests refused with 401 (invalid key)', kind: 'value' },
    { name: 'unavailable', description: 'Requests lost to a failed gateway or service', kind: 'value' },
    { name: 'backendRequests', description: 'Requests served by backend services', kind: 'value' },
    { name: 'maxAcceptedInWindow', description: 'Tenant t0: most requests admitted in any window of length W', kind: 'value' },
    { name: 'windowLimit', description: "Tenant t0's limit L per window", kind: 'value' },
    { name: 'maxInWindowOverLimit', description: 'Worst tenant: max admitted in any window W / L (sliding log <= 1, fixed window up to 2)', kind: 'value' },
    { name: 'maxEnvelopeOverBound', description: "Worst tenant and tau: admitted in any tau / the algorithm's bound (<= 1)", kind: 'value' },
    { name: 'billedRequests', description: 'Requests on invoices (accepted requests only)', kind: 'value' },
    { name: 'revenue', description: 'Sum of invoices', kind: 'value' },
    { name: 'accepted', description: 'Admissions per second', kind: 'series' },
    { name: 'rejected', description: '429s per second', kind: 'series' },
    { name: 'unauthorized', description: '401s per second', kind: 'series' },
    { name: 'envelope', description: 'Tenant t0: max admitted in any interval of length t (x axis: t); dashed: the bound, e.g. r t + b', kind: 'series', theory: 'envelopeBound' },
    { name: 'envelopeBound', description: "The algorithm's bound for the same t, e.g. r t + b", kind: 'series' },
    { name: 'accepted', description: 'Admitted per tenant', kind: 'perNode' },
    { name: 'rejected', description: '429s per tenant', kind: 'perNode' },
    { name: 'invoice', description: 'Invoice per tenant', kind: 'perNode' },
    { name: 'served', description: 'Requests per backend service', kind: 'perNode' },
  ],
  leavesOut:
    'Limiters spread over several gateways (local versus central counters) and a global limiter; the cost of authentication; client retries and idempotency keys; backend capacity (services never slow down).',
  caveat(p, m) {
    const longest = 10 * p.window
    if (m.time < longest) return `finite run: intervals longer than the run so far (${Number(m.time.toFixed(2))} s) cannot fill, so the envelope flattens below the bound`
    if (p.algorithm === 'sliding-counter') return "sliding counter: its estimate is not a hard limit; the dashed line is its worst case L (ceil(t/W) + 1)"
    if (p.offeredRate * p.noisyFactor < (p.algorithm === 'token-bucket' || p.algorithm === 'leaky-bucket' ? p.rate : p.limit / p.window)) return 'offered rate below the limit: the envelope follows demand, well under the bound'
    return null
  },
  create(params, seed, horizon) {
    return new RateLimitingRun(params, seed, horizon ?? 60)
  },
})
