// rate-limiting: token-bucket envelope r tau + b, fixed window 2L, sliding log L, every
// limiter's stated bound.
import type { RateLimitingRun } from '@/lib/sim/rate-limiting/run'
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'rate-limiting'
const TRAFFIC = ['poisson', 'bursty', 'boundary']
const TAUS = [0.05, 0.5, 1, 2, 10, 20]

export const tokenBucketEnvelope = defineCheck<RateLimitingRun>({
  simulator: SIM,
  name: 'token bucket: admitted in any tau / (r tau + b), worst tenant and tau (0.05..20 s)',
  kind: 'upper-bound',
  cases: [
    ...TRAFFIC.flatMap((traffic): Case[] => [1, 2, 3].map((seed) => ({ params: { algorithm: 'token-bucket', rate: 10, burst: 20, traffic }, seed, duration: 60 }))),
    ...TRAFFIC.map((traffic): Case => ({ params: { algorithm: 'token-bucket', rate: 50, burst: 5, traffic }, seed: 1, duration: 60 })),
  ],
  drive: (run, c) => {
    run.advance(c.duration)
    let worst = 0
    for (const tenant of run.tenants) {
      for (const tau of TAUS) {
        const { max, bound } = run.envelope(tenant, tau)
        worst = Math.max(worst, max / bound)
      }
    }
    return { worst }
  },
  theory: () => 1,
  measure: (o) => o.extra.worst!,
  tolerance: { why: 'a hard bound (offered load 2x-10x the rate), so no statistical tolerance' },
})

export const tokenBucketReached = defineCheck<RateLimitingRun>({
  simulator: SIM,
  name: 'token bucket r=10, b=20, one tenant: most admitted in any 1 s <= r + b, and nearly reached',
  kind: 'bound-reached',
  cases: [1, 2].map((seed) => ({ params: { algorithm: 'token-bucket', rate: 10, burst: 20, tenants: 1 }, seed, duration: 60 })),
  drive: (run, c) => {
    run.advance(c.duration)
    const t0 = run.tenants[0]!
    return { one: run.envelope(t0, 1).max, ten: run.envelope(t0, 10).max }
  },
  theory: (o) => o.params.rate + o.params.burst,
  measure: (o) => o.extra.one!,
  tolerance: { below: { abs: 2 }, why: 'exact bound; reaching within 2 shows the check is not vacuous' },
  also: (o) => (o.extra.ten! <= 10 * o.params.rate + o.params.burst ? [] : [`${o.extra.ten} in 10 s > ${10 * o.params.rate + o.params.burst}`]),
})

export const fixedWindow2L = defineCheck({
  simulator: SIM,
  name: 'fixed window, adversarial boundary trace: most admitted in any window = 2L',
  kind: 'exact',
  cases: [10, 25].flatMap((limit): Case[] => [1, 2].map((seed) => ({ params: { algorithm: 'fixed-window', limit, window: 1, traffic: 'boundary' }, seed, duration: 30 }))),
  theory: (o) => 2 * o.params.limit,
  measure: (o) => metric(o, 'maxAcceptedInWindow'),
  tolerance: { why: 'deterministic: a full window admitted just before and just after a boundary' },
  also: (o) => (metric(o, 'maxInWindowOverLimit') === 2 ? [] : [`maxInWindowOverLimit ${metric(o, 'maxInWindowOverLimit')}`]),
})

export const slidingLogL = defineCheck({
  simulator: SIM,
  name: 'sliding log: most admitted in any window / L',
  kind: 'upper-bound',
  cases: [10, 25].flatMap((limit) => TRAFFIC.flatMap((traffic): Case[] => [1, 2, 3].map((seed) => ({ params: { algorithm: 'sliding-log', limit, window: 1, traffic }, seed, duration: 30 })))),
  theory: () => 1,
  measure: (o) => metric(o, 'maxInWindowOverLimit'),
  tolerance: { why: 'a hard bound: the log holds every admission of the last window' },
})

export const everyLimiterBound = defineCheck({
  simulator: SIM,
  name: 'every limiter: worst interval / its stated bound',
  kind: 'upper-bound',
  cases: ['token-bucket', 'leaky-bucket', 'fixed-window', 'sliding-log', 'sliding-counter'].flatMap((algorithm) => TRAFFIC.map((traffic): Case => ({ params: { algorithm, traffic }, seed: 7, duration: 30 }))),
  theory: () => 1,
  measure: (o) => metric(o, 'maxEnvelopeOverBound'),
  tolerance: { why: 'each bound is a hard guarantee of its algorithm' },
})

export const rateLimitingChecks: AnyCheck[] = [tokenBucketEnvelope, tokenBucketReached, fixedWindow2L, slidingLogL, everyLimiterBound]
