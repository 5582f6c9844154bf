import { defineSimulator, type MetricSpec } from '@/lib/sim/engine'
import { notificationsParams } from './params'
import { NotificationsRun } from './run'

const perPriority: MetricSpec[] = (['High', 'Normal', 'Low'] as const).flatMap((p) => [
  { name: `delivered${p}`, description: `${p}-priority notifications delivered`, kind: 'value' as const },
  { name: `latency${p}P50`, description: `${p} priority: median time from emission to delivery`, unit: 's', kind: 'value' as const },
  { name: `latency${p}P99`, description: `${p} priority: 99th percentile time from emission to delivery`, unit: 's', kind: 'value' as const },
])

export const notifications = defineSimulator({
  id: 'notifications',
  title: 'Notification service',
  summary: 'Prioritised notifications through dedup, quiet hours, per-user limits and digests to push, email and SMS with retries.',
  timeUnit: 'min',
  defaultDuration: 1440,
  params: notificationsParams,
  metrics: [
    { name: 'emitted', description: 'Notifications emitted by producers (repeats included)', kind: 'value' },
    { name: 'repeatsEmitted', description: 'Exact repeats emitted (same idempotency key as an earlier one)', kind: 'value' },
    { name: 'deduped', description: 'Repeats dropped by the idempotency-key window', kind: 'value' },
    { name: 'delivered', description: 'Notifications delivered (digest items counted one by one)', kind: 'value' },
    { name: 'duplicatesDelivered', description: 'Deliveries of a key already delivered', kind: 'value' },
    { name: 'repeatsDelivered', description: 'Repeats that were delivered', kind: 'value' },
    ...perPriority,
    { name: 'dropped', description: 'failed + rateLimited', kind: 'value' },
    { name: 'failed', description: 'Given up after every retry failed', kind: 'value' },
    { name: 'rateLimited', description: 'Normal and low items dropped by the per-user limit', kind: 'value' },
    { name: 'deferred', description: 'High-priority items postponed to the next free slot of the per-user limit', kind: 'value' },
    { name: 'heldForQuiet', description: 'Items held until the user\'s quiet hours ended', kind: 'value' },
    { name: 'held', description: 'Items held or in digests now', kind: 'value' },
    { name: 'queued', description: 'Items in the work queue now', kind: 'value' },
    { name: 'digests', description: 'Digests sent', kind: 'value' },
    { name: 'sends', description: 'Channel send attempts (retries included)', kind: 'value' },
    { name: 'retries', description: 'Channel retries', kind: 'value' },
    { name: 'cost', description: 'Channel cost of every attempt', kind: 'value' },
    { name: 'priorityViolations', description: 'Picks of an item while a higher-priority one waited (0 with the priority queue)', kind: 'value' },
    { name: 'overtakes', description: 'High-priority picks ahead of waiting low-priority items', kind: 'value' },
    { name: 'maxPerUserInWindow', description: 'Most sends to one user in any window (<= the limit)', kind: 'value' },
    { name: 'rateLimit', description: 'The per-user limit N', kind: 'value' },
    { name: 'queue', description: 'Work queue length', kind: 'series' },
    { name: 'held', description: 'Items held for quiet hours or in digests', kind: 'series' },
    { name: 'delivered', description: 'Deliveries per minute', kind: 'series' },
    { name: 'highP99', description: 'High priority p99 latency per window (s)', kind: 'series' },
    { name: 'sends', description: 'Attempts per channel', kind: 'perNode' },
    { name: 'failures', description: 'Failed attempts per channel', kind: 'perNode' },
    { name: 'cost', description: 'Cost per channel', kind: 'perNode' },
    { name: 'processed', description: 'Items processed per worker', kind: 'perNode' },
  ],
  leavesOut:
    'Preemption (a worker finishes a low item before a new high one); per-channel preferences and fallback; ambiguous failures (delivered but reported failed); limits on delivery rather than send times; provider rate limits and channel capacity; unsubscribes, time-zone changes and dedup store failures.',
  validate(p) {
    const errors: string[] = []
    if (p.highShare + p.lowShare > 1) errors.push('lowShare: highShare + lowShare must be at most 1')
    return errors
  },
  create(params, seed, horizon) {
    return new NotificationsRun(params, seed, horizon ?? 1440)
  },
})
