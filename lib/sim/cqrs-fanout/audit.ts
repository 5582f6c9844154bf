// The read-your-followees audit, from the write store's point of view: the posts a read should
// show are the newest page of everything its followees have written. Those older than the lag
// must be shown (the exact check); any missing one makes the read stale, by its age.
import { newest, type Post } from './feeds'

export type ReadAudit = {
  reads: number
  checkedPosts: number
  /** Posts older than the lag missing from a read: must stay 0. */
  missedAfterLag: number
  staleReads: number
  stalenessSum: number
  maxStaleness: number
}

/** Audit one read; returns true when it was stale. */
export function readAudit(audit: ReadAudit, shown: readonly Post[], followeePosts: readonly (readonly Post[])[], now: number, lag: number, page: number): boolean {
  audit.reads++
  const ids = new Set(shown.map((p) => p.id))
  let oldestMissing = Infinity
  for (const post of newest(followeePosts, page)) {
    if (ids.has(post.id)) {
      if (post.time + lag < now) audit.checkedPosts++
      continue
    }
    if (post.time + lag < now) {
      audit.checkedPosts++
      audit.missedAfterLag++
    }
    oldestMissing = Math.min(oldestMissing, post.time)
  }
  if (oldestMissing === Infinity) return false
  const staleness = now - oldestMissing
  audit.staleReads++
  audit.stalenessSum += staleness
  audit.maxStaleness = Math.max(audit.maxStaleness, staleness)
  return true
}
