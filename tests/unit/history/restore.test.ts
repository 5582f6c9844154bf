import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@/lib/board/layout'
import { applyRestore, recordsOfState, restoreChanges } from '@/lib/history/restore'

const rec = (id: string, x: number) => ({ id, typeName: 'shape', x, props: { w: 10, nested: { a: [1, 2] } } })

function docWith(records: ReturnType<typeof rec>[]): Y.Doc {
  const doc = new Y.Doc()
  const kv = new YKeyValue<unknown>(recordsArray(doc))
  doc.transact(() => {
    for (const r of records) kv.set(r.id, r)
  })
  return doc
}

describe('restore computation', () => {
  it('puts what differs or is missing and removes what the version lacks, in id order', () => {
    const current = new Map<string, unknown>([
      ['shape:b', rec('shape:b', 1)],
      ['shape:a', rec('shape:a', 1)],
      ['shape:z', rec('shape:z', 1)],
    ])
    const target = new Map<string, unknown>([
      ['shape:a', rec('shape:a', 1)], // unchanged: no write
      ['shape:b', rec('shape:b', 2)], // moved back
      ['shape:c', rec('shape:c', 3)], // deleted since: comes back
    ])
    expect(restoreChanges(current, target)).toEqual({ put: [['shape:b', rec('shape:b', 2)], ['shape:c', rec('shape:c', 3)]], remove: ['shape:z'] })
    // Equal records in a different key order are equal.
    const reordered = new Map<string, unknown>([['shape:a', { props: { nested: { a: [1, 2] }, w: 10 }, x: 1, typeName: 'shape', id: 'shape:a' }]])
    expect(restoreChanges(reordered, new Map([['shape:a', rec('shape:a', 1)]]))).toEqual({ put: [], remove: [] })
  })

  it('applied to a live document, leaves exactly the version, as one new change that peers can merge', () => {
    const version = docWith([rec('shape:a', 1), rec('shape:b', 1)])
    const versionState = Y.encodeStateAsUpdate(version)
    // The live board moved on: b moved, a deleted, c added.
    const live = new Y.Doc()
    Y.applyUpdate(live, versionState)
    const kv = new YKeyValue<unknown>(recordsArray(live))
    kv.set('shape:b', rec('shape:b', 9))
    kv.delete('shape:a')
    kv.set('shape:c', rec('shape:c', 5))
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live))

    const before = Y.encodeStateVector(live)
    const updates: Uint8Array[] = []
    live.on('update', (u: Uint8Array, origin: unknown) => origin === 'restore' && updates.push(u))
    const changes = applyRestore(live, versionState, 'restore')
    expect(changes.remove).toEqual(['shape:c'])
    expect(changes.put.map(([id]) => id)).toEqual(['shape:a', 'shape:b'])
    expect(updates).toHaveLength(1)
    expect(recordsOfState(Y.encodeStateAsUpdate(live)).records).toEqual(recordsOfState(versionState).records)

    // A peer that only receives the restore's update ends up at the version too.
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live, before))
    expect(recordsOfState(Y.encodeStateAsUpdate(peer)).records).toEqual(recordsOfState(versionState).records)
    // Restoring the same version again changes nothing.
    expect(applyRestore(live, versionState, 'restore')).toEqual({ put: [], remove: [] })
  })
})
