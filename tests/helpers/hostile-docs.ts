// Board documents the sync node refuses (reliability matrix B12), as Yjs updates, for tests of
// what reads a stored log: a shared type nested in the records array, and a record whose meta
// nests deeply (lib0 decodes "any" content recursively, so 5,000 levels overflow its stack).
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { RECORDS_ARRAY, recordsArray } from '@/lib/board/layout'

function update(change: (doc: Y.Doc) => void): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc()
  change(doc)
  const state = new Uint8Array(Y.encodeStateAsUpdate(doc))
  doc.destroy()
  return state
}

export const deepMapUpdate = (depth: number): Uint8Array<ArrayBuffer> =>
  update((doc) => {
    let map = new Y.Map<unknown>()
    doc.getArray<Y.Map<unknown>>(RECORDS_ARRAY).push([map])
    for (let i = 0; i < depth; i++) map = map.set('c', new Y.Map<unknown>())
  })

export const deepMetaUpdate = (depth: number): Uint8Array<ArrayBuffer> =>
  update((doc) => {
    const root: Record<string, unknown> = {}
    let meta = root
    for (let i = 0; i < depth; i++) meta = (meta.c = {}) as Record<string, unknown>
    new YKeyValue<unknown>(recordsArray(doc)).set('shape:deep', { id: 'shape:deep', typeName: 'shape', type: 'geo', meta: root })
  })
