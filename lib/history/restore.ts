// Restoring a version (issue 8): a new change on top of the board, never a rewrite of its history.
// The change is the difference between the records the board holds now and the version's
// records: put what differs or is missing, remove what the version did not have. Applied as one
// transaction, it reaches every client as an ordinary update, lands in the log like any edit, and
// is undone by restoring the version taken before it.
import { equalityDeep } from 'lib0/function'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { metaMap, recordsArray, SCHEMA_KEY } from '@/lib/board/layout'

export type RecordChanges = {
  /** Records to write, by id, in id order. */
  put: [string, unknown][]
  /** Record ids to delete, in id order. */
  remove: string[]
}

/** What turns `current` into `target`. Pure; the same inputs give the same changes in the same order. */
export function restoreChanges(current: ReadonlyMap<string, unknown>, target: ReadonlyMap<string, unknown>): RecordChanges {
  const put: [string, unknown][] = []
  for (const id of [...target.keys()].sort()) {
    const want = target.get(id)
    if (!current.has(id) || !equalityDeep(current.get(id), want)) put.push([id, want])
  }
  const remove = [...current.keys()].filter((id) => !target.has(id)).sort()
  return { put, remove }
}

function recordMap(kv: YKeyValue<unknown>): Map<string, unknown> {
  return new Map([...kv.map.entries()].map(([id, entry]) => [id, entry.val]))
}

/** The records a whole-board update holds, by id. */
export function recordsOfState(state: Uint8Array): { records: Map<string, unknown>; schema: unknown } {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return { records: recordMap(new YKeyValue(recordsArray(doc))), schema: metaMap(doc).get(SCHEMA_KEY) }
  } finally {
    doc.destroy()
  }
}

/**
 * Makes `doc` hold exactly the records of `target` (a whole-board update, e.g. a checkpoint), in
 * one transaction with `origin`, and records the version's schema with them. Returns what changed.
 */
export function applyRestore(doc: Y.Doc, target: Uint8Array, origin: unknown): RecordChanges {
  const wanted = recordsOfState(target)
  let changes: RecordChanges = { put: [], remove: [] }
  doc.transact(() => {
    // Constructing YKeyValue may tidy duplicate entries: inside the transaction, so that is part
    // of the restore too.
    const kv = new YKeyValue<unknown>(recordsArray(doc))
    changes = restoreChanges(recordMap(kv), wanted.records)
    for (const id of changes.remove) kv.delete(id)
    for (const [id, value] of changes.put) kv.set(id, value)
    if (wanted.schema !== undefined && !equalityDeep(metaMap(doc).get(SCHEMA_KEY), wanted.schema)) metaMap(doc).set(SCHEMA_KEY, wanted.schema)
  }, origin)
  return changes
}
