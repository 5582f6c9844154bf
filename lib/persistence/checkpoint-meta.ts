// How CheckpointMeta is stored on a BoardCheckpoint row (kind, name, authors as JSON text) and read
// back, shared by the Prisma update log and the version history so both agree on the format.
import { VERSION_KINDS, type VersionKind } from '@/lib/history/contract'
import type { RetentionEntry } from '@/lib/history/retention'
import type { CheckpointMeta } from './update-log'

/** update-log.ts: at most 10 authors are kept per checkpoint. */
export const MAX_AUTHORS = 10

/** Distinct, trimmed, non-empty names, first MAX_AUTHORS in the order given. */
export function normalizeAuthors(authors: readonly string[] = []): string[] {
  const names = new Set<string>()
  for (const raw of authors) {
    const name = raw.trim()
    if (name) names.add(name)
    if (names.size === MAX_AUTHORS) break
  }
  return [...names]
}

/** The row columns for `meta` (absent meta: an automatic checkpoint with no authors). */
export function checkpointColumns(meta?: CheckpointMeta): { kind: VersionKind; name: string | null; authors: string } {
  return { kind: meta?.kind ?? 'auto', name: meta?.name ?? null, authors: JSON.stringify(normalizeAuthors(meta?.authors)) }
}

export function isVersionKind(value: string): value is VersionKind {
  return (VERSION_KINDS as readonly string[]).includes(value)
}

/** A row as retention sees it. A kind this build does not know is treated as named (never thinned):
 *  deleting rows another build wrote on purpose would be the worse mistake. */
export function toRetentionEntry(row: { id: number; at: Date; kind: string }): RetentionEntry {
  return { id: row.id, at: row.at.getTime(), kind: isVersionKind(row.kind) ? row.kind : 'named' }
}

/** Checkpoint ids are positive autoincrement integers; anything else names no checkpoint. */
export function isCheckpointId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
}
