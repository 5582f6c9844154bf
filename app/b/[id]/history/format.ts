// How the timeline talks about time and versions. Pure functions, so they are easy to test.
import type { VersionSummary } from '@/lib/history/contract'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function relativeTime(at: number, now: number): string {
  const ago = Math.max(0, now - at)
  if (ago < MINUTE) return 'just now'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`
  const days = Math.floor(ago / DAY)
  return days === 1 ? 'yesterday' : `${days} days ago`
}

export function absoluteTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

function dayKey(at: number): string {
  const d = new Date(at)
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}

function dayLabel(at: number, now: number): string {
  if (dayKey(at) === dayKey(now)) return 'Today'
  if (dayKey(at) === dayKey(now - DAY)) return 'Yesterday'
  return new Date(at).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
}

export type DayGroup = { key: string; label: string; versions: VersionSummary[] }

/** Consecutive versions on the same local day, keeping the list's (newest first) order. */
export function groupByDay(versions: VersionSummary[], now: number): DayGroup[] {
  const groups: DayGroup[] = []
  for (const version of versions) {
    const key = dayKey(version.at)
    const last = groups[groups.length - 1]
    if (last && last.key === key) last.versions.push(version)
    else groups.push({ key, label: dayLabel(version.at, now), versions: [version] })
  }
  return groups
}

/** What a version is called in the banner and the confirm dialog. */
export function versionLabel(version: VersionSummary): string {
  if (version.name) return `“${version.name}”`
  return `the ${version.kind === 'auto' ? 'checkpoint' : 'version'} of ${absoluteTime(version.at)}`
}
