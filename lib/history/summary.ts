// A stored checkpoint row as the history API shows it (lib/history/contract.ts).
import { z } from 'zod'
import { VERSION_KINDS, type VersionKind, type VersionSummary } from './contract'

const authorsSchema = z.array(z.string()).max(50)

export type CheckpointRow = { id: number; at: Date; kind: string; name: string | null; authors: string }

export function versionSummary(row: CheckpointRow): VersionSummary {
  const kind: VersionKind = (VERSION_KINDS as readonly string[]).includes(row.kind) ? (row.kind as VersionKind) : 'auto'
  let authors: string[] = []
  try {
    const parsed = authorsSchema.safeParse(JSON.parse(row.authors))
    if (parsed.success) authors = parsed.data
  } catch {
    // A malformed column shows no authors rather than failing the whole list.
  }
  return { id: row.id, at: row.at.getTime(), kind, name: row.name, authors }
}
