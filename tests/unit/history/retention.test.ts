import { describe, expect, it } from 'vitest'
import { checkpointsToDrop, describeRetention, RETENTION, type RetentionEntry, type RetentionPolicy } from '@/lib/history/retention'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
// Midnight UTC, so hour and day buckets line up with whole offsets below.
const NOW = Date.UTC(2026, 10, 29)

let nextId = 1
function auto(ageMs: number): RetentionEntry {
  return { id: nextId++, at: NOW - ageMs, kind: 'auto' }
}

function kept(entries: RetentionEntry[], policy?: RetentionPolicy): RetentionEntry[] {
  const drop = new Set(checkpointsToDrop(entries, NOW, policy))
  return entries.filter((e) => !drop.has(e.id))
}

describe('checkpointsToDrop', () => {
  it('keeps every automatic checkpoint from the last 24 hours', () => {
    const entries = [auto(0), auto(10_000), auto(HOUR), auto(23 * HOUR + 59 * MIN)]
    expect(checkpointsToDrop(entries, NOW)).toEqual([])
  })

  it('keeps the last of each hour between 24 hours and 7 days', () => {
    // Two in the same clock hour a day and a half ago, one in the next hour.
    const a = auto(36 * HOUR + 50 * MIN)
    const b = auto(36 * HOUR + 10 * MIN) // later in the same hour: wins
    const c = auto(35 * HOUR + 30 * MIN)
    expect(checkpointsToDrop([a, b, c], NOW)).toEqual([a.id])
  })

  it('keeps the last of each day between 7 and 90 days, and drops older ones', () => {
    const a = auto(10 * DAY - 1 * HOUR) // same UTC day as b, earlier
    const b = auto(10 * DAY - 5 * HOUR)
    const c = auto(20 * DAY - 2 * HOUR)
    const d = auto(90 * DAY)
    const e = auto(400 * DAY)
    expect(new Set(checkpointsToDrop([a, b, c, d, e], NOW))).toEqual(new Set([a.id, d.id, e.id]))
  })

  it('never drops named or restore versions, however old or many', () => {
    const named: RetentionEntry = { id: nextId++, at: NOW - 1000 * DAY, kind: 'named' }
    const restores: RetentionEntry[] = Array.from({ length: 600 }, (_, i) => ({ id: nextId++, at: NOW - i * 1000, kind: 'restore' }))
    expect(checkpointsToDrop([named, ...restores], NOW)).toEqual([])
  })

  it('does not depend on input order, and ties on time are broken by id', () => {
    const a = auto(30 * HOUR)
    const b = { ...auto(30 * HOUR), at: a.at } // same instant, larger id: the later write wins
    expect(checkpointsToDrop([b, a], NOW)).toEqual([a.id])
  })

  it('over the cap, coarsens the 24-hour tier from its oldest end and keeps the latest at full resolution', () => {
    // One every 10 s for 3 hours: 1,080, far over the cap.
    const entries = Array.from({ length: 1080 }, (_, i) => auto((1079 - i) * 10_000))
    const left = kept(entries)
    expect(left.length).toBeLessThanOrEqual(RETENTION.maxAuto)
    expect(left.length).toBeGreaterThan(RETENTION.maxAuto - 20) // uses the budget, not far under it
    // The newest ones survive one after another, 10 s apart.
    const newest = left.slice(-100)
    for (let i = 1; i < newest.length; i++) expect(newest[i]!.at - newest[i - 1]!.at).toBe(10_000)
    expect(left.at(-1)!.at).toBe(NOW)
    // The oldest stretch is one per 10 minutes.
    expect(left[1]!.at - left[0]!.at).toBe(10 * MIN)
  })

  it('never keeps more automatic checkpoints than the cap, even when the older tiers alone exceed it', () => {
    const policy: RetentionPolicy = { ...RETENTION, maxAuto: 5 }
    const entries = [...Array.from({ length: 10 }, (_, i) => auto(2 * DAY + i * HOUR)), auto(0)]
    const left = kept(entries, policy)
    expect(left.length).toBe(5)
    // The oldest go first.
    expect(left.map((e) => e.at).sort((x, y) => x - y)).toEqual(entries.map((e) => e.at).sort((x, y) => x - y).slice(-5))
  })

  it('a board written the way the node writes, for 100 days, stays bounded as each write applies it', () => {
    // Simulate: every day, 2 hours of editing at one checkpoint per minute, retention after each write.
    const policy = RETENTION
    let stored: RetentionEntry[] = []
    let id = 1
    for (let day = 0; day < 100; day++) {
      for (let m = 0; m < 120; m++) {
        const at = Date.UTC(2026, 0, 1) + day * DAY + 9 * HOUR + m * MIN
        stored.push({ id: id++, at, kind: 'auto' })
        const drop = new Set(checkpointsToDrop(stored, at, policy))
        stored = stored.filter((e) => !drop.has(e.id))
      }
    }
    expect(stored.length).toBeLessThanOrEqual(policy.maxAuto)
    const last = stored.at(-1)!.at
    // All of the last session, hourly for the week, daily beyond, nothing older than 90 days.
    expect(stored.filter((e) => last - e.at < DAY).length).toBe(120)
    expect(Math.min(...stored.map((e) => last - e.at))).toBe(0)
    expect(Math.max(...stored.map((e) => last - e.at))).toBeLessThan(90 * DAY)
    expect(stored.filter((e) => last - e.at >= 7 * DAY).length).toBeLessThanOrEqual(84)
  })

  it('describes itself in one line', () => {
    const text = describeRetention()
    expect(text).not.toContain('\n')
    expect(text).toContain('24 hours')
    expect(text).toContain('7 days')
    expect(text).toContain('90 days')
  })
})
