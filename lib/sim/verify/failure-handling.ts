// failure-handling: availability in series, retry amplification, the breaker's probes.
import { errorRates } from '@/lib/sim/failure-handling/run'
import { productRule } from '@/lib/sim/failure-handling/theory'
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'failure-handling'

export const seriesAvailability = defineCheck({
  simulator: SIM,
  name: 'independent failures in series, no retries: success = prod (1 - p_i)',
  kind: 'approx',
  cases: [2, 4, 6].flatMap((services): Case[] =>
    [5, 6].map((seed) => ({ params: { services, sickService: 0, sickKind: 'none', errorRate: 0.05, errorSpread: 0.8, retry: 'none', timeout: 60000, workers: 1000, rate: 300 }, seed, duration: 60 })),
  ),
  theory: (o) => productRule(errorRates(o.params as never)),
  measure: (o) => metric(o, 'successRate'),
  tolerance: {
    abs: (o, a) => 4 * Math.sqrt((a * (1 - a)) / (metric(o, 'succeeded') + metric(o, 'failed'))),
    why: 'no retries, timeouts or queue limits: a request succeeds iff every hop does; 4 binomial SE of the measured rate',
  },
  also: (o) => (Math.abs(metric(o, 'theoryAvailability') - productRule(errorRates(o.params as never))) < 1e-6 ? [] : ['theoryAvailability metric disagrees']),
})

const amplificationBase = { sickKind: 'errors', sickAt: 0, sickFor: 0, retry: 'fixed', backoff: 1, serviceTime: 1, errorRate: 0, timeout: 60000, workers: 1000, queueCapacity: 1000, rate: 50 }

export const retryAmplification = defineCheck({
  simulator: SIM,
  name: 'last service always fails: calls reaching it per request = (r+1)^k (every hop) or r+1 (client only)',
  kind: 'bound-reached',
  cases: [
    ...[2, 3].map((seed): Case => ({ params: { ...amplificationBase, services: 3, sickService: 2, maxRetries: 2, retryLayer: 'every' }, seed, duration: 30 })),
    ...[2, 3].map((seed): Case => ({ params: { ...amplificationBase, services: 3, sickService: 2, maxRetries: 2, retryLayer: 'client' }, seed, duration: 30 })),
    { params: { ...amplificationBase, services: 2, sickService: 1, maxRetries: 3, retryLayer: 'every' }, seed: 2, duration: 30 },
  ],
  theory: (o) => (o.params.retryLayer === 'every' ? (o.params.maxRetries + 1) ** o.params.services : o.params.maxRetries + 1),
  measure: (o) => metric(o, 'amplification'),
  tolerance: { below: { rel: 0.02 }, why: 'requests still in flight at the end have made fewer calls, so <= is exact; the chain takes ~0.1 s of 30 s: within 2%' },
  also: (o) => (metric(o, 'successRate') === 0 ? [] : ['some request succeeded']),
})

export const breakerProbes = defineCheck({
  simulator: SIM,
  name: 'breaker: calls reaching the sick service while open or half-open = probes',
  kind: 'exact',
  cases: [1000, 500].flatMap((breakerCooldown): Case[] =>
    [3, 4].map((seed) => ({ params: { services: 3, sickService: 2, sickKind: 'errors', sickAt: 10, sickFor: 30, retry: 'none', errorRate: 0, breaker: true, breakerThreshold: 5, breakerCooldown }, seed, duration: 50 })),
  ),
  theory: (o) => metric(o, 'sickProbes'),
  measure: (o) => metric(o, 'sickArrivalsWhileOpen'),
  tolerance: { why: 'while the breaker is open only its half-open probes may pass' },
  also: (o) => (metric(o, 'sickProbes') > 5 ? [] : ['breaker hardly opened']),
})

export const failureHandlingChecks: AnyCheck[] = [seriesAvailability, retryAmplification, breakerProbes]
