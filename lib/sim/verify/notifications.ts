// notifications: no priority inversions; per-user limit N in any window W; dedup.
import { maxInWindow } from '@/lib/sim/engine'
import type { NotificationsRun } from '@/lib/sim/notifications/run'
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'notifications'
const DAY = 1440

export const priorityViolations = defineCheck({
  simulator: SIM,
  name: 'priority queue: picks while a higher priority waits',
  kind: 'exact',
  cases: [1, 2].flatMap((seed) => [false, true].map((batching): Case => ({ params: { batching }, seed, duration: DAY }))),
  theory: () => 0,
  measure: (o) => metric(o, 'priorityViolations'),
  tolerance: { why: 'audited on every pick: exact' },
  also: (o) => (metric(o, 'overtakes') > 0 ? [] : ['no high item overtook a low one (vacuous)']),
})

export const perUserLimit = defineCheck<NotificationsRun>({
  simulator: SIM,
  name: 'most sends to one user in any closed window W (every user) <= N, and reached',
  kind: 'bound-reached',
  cases: [
    { params: {}, seed: 1, duration: DAY },
    { params: { rateLimit: 3, rateWindow: 30, userSkew: 1.2 }, seed: 2, duration: DAY },
    { params: { batching: true, queue: 'fifo' }, seed: 3, duration: DAY },
  ],
  drive: (run, c, params) => {
    run.advance(c.duration)
    let worst = 0
    for (const times of run.limiter.history.values()) worst = Math.max(worst, maxInWindow(times, params.rateWindow))
    return { worst }
  },
  theory: (o) => o.params.rateLimit,
  measure: (o) => o.extra.worst!,
  tolerance: { below: { abs: 0 }, why: 'a hard bound; skewed users push the heaviest far over the limit, so it is reached exactly' },
  also: (o) => (metric(o, 'maxPerUserInWindow') === o.extra.worst ? [] : [`maxPerUserInWindow ${metric(o, 'maxPerUserInWindow')} != ${o.extra.worst}`]),
})

export const dedupOn = defineCheck({
  simulator: SIM,
  name: 'dedup on (window 600 s >= repeat delay 60 s), failures and retries: duplicates delivered',
  kind: 'exact',
  cases: [4, 5].map((seed): Case => ({ params: {}, seed, duration: DAY })),
  theory: () => 0,
  measure: (o) => metric(o, 'duplicatesDelivered'),
  tolerance: { why: 'every repeat falls inside the window; a failed send is never delivered' },
  also: (o) => [...(metric(o, 'repeatsEmitted') > 0 ? [] : ['no repeats (vacuous)']), ...(metric(o, 'deduped') === metric(o, 'repeatsEmitted') ? [] : ['deduped != repeats'])],
})

export const dedupOff = defineCheck({
  simulator: SIM,
  name: 'dedup off, no failures, limits or holds, drained: duplicates delivered = repeats emitted',
  kind: 'exact',
  cases: [4, 5].map((seed): Case => ({ params: { dedup: false, pushFailure: 0, emailFailure: 0, smsFailure: 0, rateLimit: 0, quietHours: false, stopAt: 600 }, seed, duration: DAY })),
  theory: (o) => metric(o, 'repeatsEmitted'),
  measure: (o) => metric(o, 'duplicatesDelivered'),
  tolerance: { why: 'each repeat is delivered once more than its key' },
  also: (o) => [...(metric(o, 'duplicatesDelivered') > 0 ? [] : ['no duplicates (vacuous)']), ...(metric(o, 'delivered') === metric(o, 'emitted') ? [] : ['not drained'])],
})

export const notificationsChecks: AnyCheck[] = [priorityViolations, perUserLimit, dedupOn, dedupOff]
