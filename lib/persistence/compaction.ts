// Pure compaction: fold a snapshot and log rows into one update through a fresh garbage-collected
// Y.Doc. Y.mergeUpdates alone would keep deleted content (reliability.md finding 6); applying to
// a gc doc and re-encoding drops it, which is what joiners must be served.
import * as Y from 'yjs'

export function mergeToSnapshot(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true })
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

export type CompactionPolicy = {
  /** Rows after which a cold load gets slow (each row is one applyUpdate). */
  maxRows: number
  /** Log bytes that always justify a compaction. */
  minBytes: number
}

export const DEFAULT_COMPACTION_POLICY: Readonly<CompactionPolicy> = Object.freeze({ maxRows: 500, minBytes: 4 * 1024 * 1024 })

export type LogSize = { rows: number; bytes: number; snapshotBytes: number }

export type CompactionPlan = { compact: false } | { compact: true; reason: 'rows' | 'bytes' }

/**
 * Compact by count (cold-load time) or by bytes. The byte trigger scales with the snapshot so a
 * large board is not rewritten to reclaim a few KB (the y-leveldb trim-at-500 problem).
 */
export function planCompaction(size: LogSize, policy: CompactionPolicy = DEFAULT_COMPACTION_POLICY): CompactionPlan {
  if (size.rows >= policy.maxRows) return { compact: true, reason: 'rows' }
  if (size.rows >= 2 && size.bytes >= Math.max(policy.minBytes, size.snapshotBytes)) return { compact: true, reason: 'bytes' }
  return { compact: false }
}
