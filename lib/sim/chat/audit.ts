// The no-gap check: every connected, resynced client must hold every message of its room that
// was sequenced before `cutoff` (now minus the longest delivery path).
import type { Client } from './client'

export function audit(clients: readonly Client[], rooms: readonly { times: readonly number[] }[], cutoff: number): { checked: number; behind: number } {
  let checked = 0
  let behind = 0
  for (const c of clients) {
    if (c.state !== 'connected' || !c.synced) continue
    checked++
    const times = rooms[c.room]!.times
    // Sequence numbers are 1-based and times ascend: count the messages due by the cutoff.
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (times[mid]! <= cutoff) lo = mid + 1
      else hi = mid
    }
    if (c.inbox.last < lo) behind++
  }
  return { checked, behind }
}
