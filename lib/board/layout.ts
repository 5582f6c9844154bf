// The layout of a board's Yjs document: the one place that names its shared types. The client
// binding, the server-side validator, templates, exports and tests all read the document through
// these names; docs/board-document.md describes the same layout in prose.
//
//   doc.getArray('tl_records')   YKeyValue entries { key: record id, val: tldraw record }
//   doc.getMap('meta')           'schema' -> tldraw SerializedSchema the records were written with
//
// Only document-scoped tldraw records of the types in SYNCED_TYPE_NAMES live in the document.
// Session state (camera, instance, pointer, page state), presence and tldraw 5's `user` records
// stay in each browser: presence travels through awareness, and a user record would let anyone
// write a display name the server never checked.
import type * as Y from 'yjs'

/** Root Y.Array holding the records as YKeyValue `{ key, val }` entries. */
export const RECORDS_ARRAY = 'tl_records'
/** Root Y.Map holding document metadata. */
export const META_MAP = 'meta'
/** Key in META_MAP whose value is the tldraw SerializedSchema of the records. */
export const SCHEMA_KEY = 'schema'
/** The awareness field that carries a client's tldraw TLInstancePresence record. */
export const PRESENCE_FIELD = 'presence'
/**
 * The awareness field a tab sets to ask everyone to follow its viewport ("bring everyone to me"):
 * a number that changes with each request, absent when not leading.
 */
export const LEAD_FIELD = 'lead'

/** The tldraw record types that belong in the shared document. */
export const SYNCED_TYPE_NAMES = ['document', 'page', 'shape', 'binding', 'asset'] as const
export type SyncedTypeName = (typeof SYNCED_TYPE_NAMES)[number]

const syncedTypeNames: ReadonlySet<string> = new Set(SYNCED_TYPE_NAMES)

export function isSyncedTypeName(typeName: unknown): typeName is SyncedTypeName {
  return typeof typeName === 'string' && syncedTypeNames.has(typeName)
}

/** One entry of the records array. `val` is a tldraw record whose `id` equals `key`. */
export type RecordEntry<R = unknown> = { key: string; val: R }

export function recordsArray<R = unknown>(doc: Y.Doc): Y.Array<RecordEntry<R>> {
  return doc.getArray<RecordEntry<R>>(RECORDS_ARRAY)
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP)
}
