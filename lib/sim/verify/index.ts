// Every simulator's checks, in registry order, and the runner over all of them. Pure.
import { basicsChecks } from './basics'
import { cachingChecks } from './caching'
import { capChecks } from './cap'
import { chatChecks } from './chat'
import { runChecks, type AnyCheck, type Row } from './check'
import { cqrsChecks } from './cqrs-fanout'
import { eventBusChecks } from './event-bus'
import { failureHandlingChecks } from './failure-handling'
import { loadBalancingChecks } from './load-balancing'
import { notificationsChecks } from './notifications'
import { rateLimitingChecks } from './rate-limiting'
import { shardingChecks } from './sharding'

export * from './check'

export const checksBySimulator: Readonly<Record<string, readonly AnyCheck[]>> = {
  basics: basicsChecks,
  'load-balancing': loadBalancingChecks,
  caching: cachingChecks,
  sharding: shardingChecks,
  cap: capChecks,
  'rate-limiting': rateLimitingChecks,
  'event-bus': eventBusChecks,
  'cqrs-fanout': cqrsChecks,
  'failure-handling': failureHandlingChecks,
  notifications: notificationsChecks,
  chat: chatChecks,
}

export const allChecks: readonly AnyCheck[] = Object.values(checksBySimulator).flat()

/**
 * Run every check (or those of the named simulators), one simulator at a time so runs shared
 * between its checks are cached only while it is being verified.
 */
export function verifyAll(opts: { only?: readonly string[]; onSimulator?: (id: string, rows: Row[]) => void } = {}): Row[] {
  const rows: Row[] = []
  for (const [id, checks] of Object.entries(checksBySimulator)) {
    if (opts.only && opts.only.length > 0 && !opts.only.includes(id)) continue
    const got = runChecks(checks)
    opts.onSimulator?.(id, got)
    rows.push(...got)
  }
  return rows
}
