// Binds a tldraw store to a board's Yjs document (layout: docs/board-document.md).
// Editors: store changes made by the user go into the doc, remote doc changes into the store.
// Viewers: only the second direction, through a view that never writes (readonly-keyvalue.ts).
//
// Echo suppression: remote changes enter the store through mergeRemoteChanges (source 'remote'),
// and the store listener only takes source 'user'; local doc transactions are skipped by the
// doc listener (transaction.local).
import type { SerializedSchema, TLRecord, TLStore } from 'tldraw'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type * as Y from 'yjs'
import { SCHEMA_KEY, isSyncedTypeName, metaMap, recordsArray, type RecordEntry } from './layout'
import { ReadonlyKeyValue, type KeyValueChange, type KeyValueSource } from './readonly-keyvalue'

export type StoreBinding = { dispose(): void }
export type BindResult = { ok: true; binding: StoreBinding } | { ok: false; message: string }

/** Marks this client's own transactions, so tests and the saved tracker can tell them apart. */
export const LOCAL_ORIGIN = Symbol('designroom-local')

/** Cheap shape check before a remote value reaches the store (the server validated it fully). */
function asRecord(key: string, value: unknown): TLRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as { id?: unknown; typeName?: unknown }
  return record.id === key && isSyncedTypeName(record.typeName) ? (value as TLRecord) : undefined
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { schemaVersion?: unknown; sequences?: unknown; recordVersions?: unknown }
  return (v.schemaVersion === 2 && typeof v.sequences === 'object') || (v.schemaVersion === 1 && typeof v.recordVersions === 'object')
}

function sameSchema(a: SerializedSchema, b: SerializedSchema): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Puts records into the store as remote changes. One bad record must not keep the others out
 * (tldraw's put validates and throws on the first failure), so a failing batch is retried one
 * record at a time and the bad ones are reported and skipped.
 */
function putRemote(store: TLStore, puts: TLRecord[], removes: TLRecord['id'][]): void {
  store.mergeRemoteChanges(() => {
    const present = removes.filter((id) => store.has(id))
    if (present.length) store.remove(present)
    if (!puts.length) return
    try {
      store.put(puts)
    } catch {
      for (const record of puts) {
        try {
          store.put([record])
        } catch (error) {
          console.warn(`[board] skipped an invalid record ${record.id}`, error)
        }
      }
    }
  })
}

function loadInitial(store: TLStore, source: KeyValueSource<unknown>, stored: SerializedSchema): { ok: true; records: TLRecord[] } | { ok: false; message: string } {
  const snapshot: Record<string, TLRecord> = {}
  for (const [key, entry] of source.map) {
    const record = asRecord(key, entry.val)
    if (record) snapshot[key] = record
  }
  const migrated = store.schema.migrateStoreSnapshot({ store: snapshot, schema: stored })
  if (migrated.type === 'error') {
    return {
      ok: false,
      message:
        migrated.reason === 'target-version-too-old'
          ? 'This board was saved by a newer version of DesignRoom. Reload the page to update.'
          : 'This board could not be read (its data does not match this version of DesignRoom).',
    }
  }
  const records = Object.values(migrated.value)
  const keep = new Set(records.map((r) => r.id))
  const stale = store
    .allRecords()
    .filter((r) => isSyncedTypeName(r.typeName) && !keep.has(r.id))
    .map((r) => r.id)
  putRemote(store, records, stale)
  return { ok: true, records }
}

export function bindStoreToDoc({ store, doc, writable }: { store: TLStore; doc: Y.Doc; writable: boolean }): BindResult {
  const array = recordsArray<unknown>(doc)
  const meta = metaMap(doc)
  const readonlyView = writable ? undefined : new ReadonlyKeyValue<unknown>(array)
  const source: KeyValueSource<unknown> = readonlyView ?? new YKeyValue<unknown>(array)
  const writer = source instanceof YKeyValue ? source : undefined

  const current = store.schema.serialize()
  const storedValue = meta.get(SCHEMA_KEY)
  const stored = isSerializedSchema(storedValue) ? storedValue : current
  const loaded = loadInitial(store, source, stored)
  if (!loaded.ok) {
    readonlyView?.destroy()
    return loaded
  }

  // An editor brings the document up to this build's schema: records migrated on load are
  // written back, and the schema is recorded (also on a brand-new, empty board).
  if (writer && (!isSerializedSchema(storedValue) || !sameSchema(storedValue, current))) {
    doc.transact(() => {
      if (!sameSchema(stored, current)) for (const record of loaded.records) writer.set(record.id, record)
      meta.set(SCHEMA_KEY, current)
    }, LOCAL_ORIGIN)
  }

  const onDocChange = (changes: Map<string, KeyValueChange<unknown>>, transaction: Y.Transaction) => {
    if (transaction.local) return
    const puts: TLRecord[] = []
    const removes: TLRecord['id'][] = []
    for (const [key, change] of changes) {
      if (change.action === 'delete') {
        removes.push(key as TLRecord['id'])
        continue
      }
      const record = asRecord(key, source.get(key))
      if (record) puts.push(record)
    }
    if (puts.length || removes.length) putRemote(store, puts, removes)
  }
  source.on('change', onDocChange)

  const unlisten = writer
    ? store.listen(
        ({ changes }) => {
          doc.transact(() => {
            for (const record of Object.values(changes.added)) if (isSyncedTypeName(record.typeName)) writer.set(record.id, record)
            for (const [, record] of Object.values(changes.updated)) if (isSyncedTypeName(record.typeName)) writer.set(record.id, record)
            for (const record of Object.values(changes.removed)) if (isSyncedTypeName(record.typeName)) writer.delete(record.id)
          }, LOCAL_ORIGIN)
        },
        { source: 'user', scope: 'document' },
      )
    : () => {}

  return {
    ok: true,
    binding: {
      dispose() {
        unlisten()
        source.off('change', onDocChange)
        readonlyView?.destroy()
      },
    },
  }
}

export type { RecordEntry }
