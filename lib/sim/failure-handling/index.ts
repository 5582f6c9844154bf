import { defineSimulator } from '@/lib/sim/engine'
import { failureHandlingParams } from './params'
import { FailureHandlingRun } from './run'

export const failureHandling = defineSimulator({
  id: 'failure-handling',
  title: 'Failure handling: timeouts, retries, breakers',
  summary: 'A chain of services with timeouts, retries with backoff and jitter, circuit breakers and bulkheads; make one sick and watch the retry storm.',
  timeUnit: 's',
  defaultDuration: 60,
  params: failureHandlingParams,
  metrics: [
    { name: 'requests', description: 'Client requests offered', kind: 'value' },
    { name: 'succeeded', description: 'Requests that succeeded end to end (after retries)', kind: 'value' },
    { name: 'failed', description: 'Requests that failed end to end', kind: 'value' },
    { name: 'successRate', description: 'succeeded / (succeeded + failed)', kind: 'value' },
    { name: 'theoryAvailability', description: 'Product of per-service availabilities (1 - p_i): the series law without retries or faults', kind: 'value' },
    { name: 'latencyP50', description: 'Median end-to-end latency of successful requests', unit: 'ms', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile end-to-end latency of successful requests', unit: 'ms', kind: 'value' },
    { name: 'attempts', description: 'Calls sent on every edge, retries included', kind: 'value' },
    { name: 'retries', description: 'Retries sent on every edge', kind: 'value' },
    { name: 'timeouts', description: 'Attempts abandoned at their timeout', kind: 'value' },
    { name: 'amplification', description: 'Calls reaching the sick (watched) service per client request, whole run', kind: 'value' },
    { name: 'peakAmplification', description: 'Largest amplification in any chart window', kind: 'value' },
    { name: 'shortCircuited', description: 'Calls refused by an open breaker', kind: 'value' },
    { name: 'bulkheadRejected', description: 'Calls refused by a full bulkhead', kind: 'value' },
    { name: 'breakerOpens', description: 'Times any breaker opened', kind: 'value' },
    { name: 'sickProbes', description: 'Half-open probes sent to the sick service', kind: 'value' },
    { name: 'sickArrivalsWhileOpen', description: "Calls reaching the sick service while its caller's breaker was not closed (= probes)", kind: 'value' },
    { name: 'offered', description: 'Client requests per second', kind: 'series' },
    { name: 'attempts', description: 'Calls reaching the sick service per second (retries included)', kind: 'series' },
    { name: 'amplification', description: 'attempts / offered per window', kind: 'series' },
    { name: 'retries', description: 'Retries per second, all edges', kind: 'series' },
    { name: 'successRate', description: 'End-to-end success rate per window; dashed: the product rule (with retries when on)', kind: 'series', theory: 'theoryAvailability' },
    { name: 'theoryAvailability', description: 'prod (1 - p_i), or with r retries per attempt 1 - (1 - ...)^(r+1) per hop', kind: 'series' },
    { name: 'latencyP99', description: 'p99 latency of successes per window (ms)', kind: 'series' },
    { name: 'arrivals', description: 'Calls reaching each service', kind: 'perNode' },
    { name: 'ok', description: 'Calls each service answered successfully', kind: 'perNode' },
    { name: 'failed', description: 'Calls each service failed (error, downstream failure, crash)', kind: 'perNode' },
    { name: 'rejected', description: 'Calls refused: waiting room full or service down', kind: 'perNode' },
    { name: 'timeouts', description: "Caller's attempts to this service that timed out", kind: 'perNode' },
    { name: 'shortCircuited', description: "Calls to this service refused by the caller's breaker", kind: 'perNode' },
    { name: 'breakerOpens', description: "Times the caller's breaker to this service opened", kind: 'perNode' },
  ],
  leavesOut:
    'Network latency (a call arrives when sent); deadline propagation and cancelling abandoned work; retry budgets; error-rate and slow-call breakers and multi-probe half-open; adaptive concurrency limits, hedged requests and fan-out graphs (the chain is linear).',
  caveat(p, m) {
    const end = p.sickFor > 0 ? `${p.sickAt + p.sickFor} s` : 'the end'
    if (p.sickKind !== 'none' && m.time >= p.sickAt) return `s${p.sickService} is ${p.sickKind === 'slow' ? `slow (x${p.slowFactor})` : p.sickKind === 'errors' ? 'failing every call' : 'crashed'} from ${p.sickAt} s to ${end}: the product rule assumes independent random failures only`
    if (p.breaker) return 'circuit breakers: an open breaker refuses calls the product rule would count as attempts'
    if (p.bulkhead > 0) return 'bulkhead: calls refused by a full bulkhead are failures the product rule does not count'
    if (p.retry !== 'none' && p.errorRate * p.services > 0.05) return 'retries: failed attempts add load and timeouts, so the run can fall below the retry-adjusted line'
    return null
  },
  validate(p) {
    const errors: string[] = []
    if (p.sickService >= p.services) errors.push(`sickService: must be below services (${p.services})`)
    return errors
  },
  create(params, seed, horizon) {
    return new FailureHandlingRun(params, seed, horizon ?? 60)
  },
})
