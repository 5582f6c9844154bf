// Which checkpoints a board keeps (docs/board-document.md "Retention"), so its history storage is
// bounded. Pure: the update logs (server/persistence-prisma.ts, lib/persistence/memory-update-log.ts)
// read ids, times and kinds, ask this which ids to drop, and delete them.
import type { VersionKind } from './contract'

export type RetentionEntry = { id: number; at: number; kind: VersionKind }

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export type RetentionPolicy = {
  /** Automatic checkpoints younger than this are all kept. */
  keepAllMs: number
  /** Then the last one of each clock hour (UTC) up to this age. */
  hourlyMs: number
  /** Then the last one of each UTC day up to this age; older ones are dropped. */
  dailyMs: number
  /** Hard cap on automatic checkpoints per board (named and restore versions never count). */
  maxAuto: number
  /** Over the cap, the keep-all tier degrades, oldest end first, to one per this many ms. */
  coarseMs: number
}

/**
 * 402 = 24*6 + 7*24 + 90: one per 10 minutes for a day, one per hour for a week, one per day for
 * 90 days, i.e. a board edited every day keeps a useful history without the keep-all tier (one
 * per 10 s of editing, up to 8,640 a day) being able to grow it past that. At 200 KB a state that
 * is about 80 MB per board. It is also below the 500 versions the list returns.
 */
export const RETENTION: RetentionPolicy = {
  keepAllMs: DAY,
  hourlyMs: 7 * DAY,
  dailyMs: 90 * DAY,
  maxAuto: 24 * 6 + 7 * 24 + 90,
  coarseMs: 10 * MINUTE,
}

/** One line for people (the version list's `retention`). */
export function describeRetention(policy: RetentionPolicy = RETENTION): string {
  return (
    `Named versions and restores are kept. Automatic versions: all from the last ${policy.keepAllMs / HOUR} hours, ` +
    `then one per hour for ${policy.hourlyMs / DAY} days, then one per day for ${policy.dailyMs / DAY} days ` +
    `(at most ${policy.maxAuto} per board).`
  )
}

function byTime(a: RetentionEntry, b: RetentionEntry): number {
  return a.at - b.at || a.id - b.id
}

/** The last entry of each bucket, in time order (entries must be sorted by time). */
function lastPerBucket(entries: readonly RetentionEntry[], bucketMs: number): RetentionEntry[] {
  const kept: RetentionEntry[] = []
  entries.forEach((entry, i) => {
    const next = entries[i + 1]
    if (!next || Math.floor(next.at / bucketMs) !== Math.floor(entry.at / bucketMs)) kept.push(entry)
  })
  return kept
}

/**
 * The ids of the checkpoints to delete. `now` is the time the ages are measured from; the update
 * logs pass the newest checkpoint's `at` (the one just written), so every node thins by the same
 * clock as the rows it stores, whatever its own clock says. Named and restore entries are never
 * dropped. Automatic ones: every one younger than `keepAllMs`, then the last per UTC hour, then
 * the last per UTC day, none older than `dailyMs`. Over `maxAuto`, the keep-all tier is coarsened
 * to one per `coarseMs` from its oldest end only as far as needed, so the latest edits keep full
 * resolution; if that is still not enough, the oldest automatic ones go.
 */
export function checkpointsToDrop(entries: readonly RetentionEntry[], now: number, policy: RetentionPolicy = RETENTION): number[] {
  const auto = entries.filter((e) => e.kind === 'auto').sort(byTime)
  const recent = auto.filter((e) => now - e.at < policy.keepAllMs)
  const hourly = lastPerBucket(auto.filter((e) => now - e.at >= policy.keepAllMs && now - e.at < policy.hourlyMs), HOUR)
  const daily = lastPerBucket(auto.filter((e) => now - e.at >= policy.hourlyMs && now - e.at < policy.dailyMs), DAY)
  const older = [...daily, ...hourly]

  let kept = [...older, ...recent]
  if (kept.length > policy.maxAuto) {
    // Coarsen the first k recent entries; take the smallest k that fits. Walking k up, the
    // coarsened prefix gains a bucket only when entry k starts a new one, so one pass suffices.
    let buckets = 0
    let k = 0
    let lastBucket = Number.NaN
    while (k < recent.length && older.length + buckets + (recent.length - k) > policy.maxAuto) {
      const bucket = Math.floor((recent[k] as RetentionEntry).at / policy.coarseMs)
      if (bucket !== lastBucket) buckets++
      lastBucket = bucket
      k++
    }
    kept = [...older, ...lastPerBucket(recent.slice(0, k), policy.coarseMs), ...recent.slice(k)]
    if (kept.length > policy.maxAuto) kept = kept.sort(byTime).slice(kept.length - policy.maxAuto)
  }
  const keep = new Set(kept.map((e) => e.id))
  return auto.filter((e) => !keep.has(e.id)).map((e) => e.id)
}
