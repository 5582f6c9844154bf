// The version-history API's wire format (docs/api.md "Board history"), shared by the routes,
// the history panel and the tests. Isomorphic: zod schemas and types only.
import { z } from 'zod'

/** A version is a stored full state of the board (a BoardCheckpoint row). */
export const VERSION_KINDS = ['auto', 'named', 'restore'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]

export const MAX_VERSION_NAME = 80

export type VersionSummary = {
  id: number
  /** ms since epoch */
  at: number
  kind: VersionKind
  /** Set for named versions ("after requirements") and restores ("Restored: <name or time>"). */
  name: string | null
  /** Display names of the people whose edits this version is the first to hold (at most 10). */
  authors: string[]
}

/** GET /api/boards/:id/versions -> newest first. */
export type VersionList = { versions: VersionSummary[]; retention: string }

/** POST /api/boards/:id/versions body: name the board as it is now. */
export const createVersionSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'name must not be empty')
    .max(MAX_VERSION_NAME, `name must be at most ${MAX_VERSION_NAME} characters`),
})

/** GET /api/boards/:id/versions/:vid -> the version's records, for a read-only preview. */
export type VersionRecords = { version: VersionSummary; records: unknown[] }

/** POST /api/boards/:id/versions/:vid/restore -> the restore's own version. */
export type RestoreResult = { restored: VersionSummary }
