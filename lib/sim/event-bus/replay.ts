// Event sourcing's promise: the log is the source of truth, so a projection can be rebuilt by
// replaying it from offset 0 with the same handler. The replay reads each partition up to where
// the live group has handled it, so a consumer that is merely behind still compares equal.
import type { Group } from './group'
import type { Broker } from './log'

export type ReplayResult = {
  at: number
  events: number
  /** Keys whose replayed balance differs from the live one. */
  mismatchKeys: number
  /** Live applications minus replayed ones: repeats applied live (or, if negative, events skipped). */
  excessApplications: number
  equal: boolean
}

export function replay(group: Group, broker: Broker, amountOf: (eventId: number) => number, now: number): ReplayResult {
  const keys = group.balances.length
  const balances = new Float64Array(keys)
  const applications = new Float64Array(keys)
  const seen = new Set<number>()
  let events = 0
  for (const [p, part] of broker.partitions.entries()) {
    const end = Math.min(group.handledEnd[p]!, part.records.length)
    for (let o = 0; o < end; o++) {
      const r = part.records[o]!
      events++
      if (group.idempotent) {
        if (seen.has(r.eventId)) continue
        seen.add(r.eventId)
      }
      balances[r.key]! += amountOf(r.eventId)
      applications[r.key]!++
    }
  }
  let mismatchKeys = 0
  let excess = 0
  for (let k = 0; k < keys; k++) {
    if (balances[k] !== group.balances[k]) mismatchKeys++
    excess += group.applications[k]! - applications[k]!
  }
  return { at: now, events, mismatchKeys, excessApplications: excess, equal: mismatchKeys === 0 }
}
