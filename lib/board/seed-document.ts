// A board document built from records on the server: what a template or an import becomes before
// its first client connects. The result is one Yjs update in the layout of lib/board/layout.ts,
// with this build's schema recorded, so the first browser to open it has nothing to migrate.
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { TLRecord } from '@tldraw/tlschema'
import { boardSchema } from './record-checks'
import { metaMap, recordsArray, SCHEMA_KEY } from './layout'

export function documentFromRecords(records: readonly TLRecord[]): Uint8Array {
  const doc = new Y.Doc()
  const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc))
  doc.transact(() => {
    for (const record of records) kv.set(record.id, record)
    metaMap(doc).set(SCHEMA_KEY, boardSchema().serialize())
  })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** The records a document holds (the inverse, for copies, thumbnails and tests). */
export function recordsFromDocument(update: Uint8Array): TLRecord[] {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc))
  const records = [...kv.map.values()].map((entry) => entry.val)
  doc.destroy()
  return records
}
