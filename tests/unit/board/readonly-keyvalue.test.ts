import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { recordsArray } from '@/lib/board/layout'
import { ReadonlyKeyValue } from '@/lib/board/readonly-keyvalue'

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('ReadonlyKeyValue', () => {
  it('sees what YKeyValue sees, including concurrent writes to one key, without writing', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const viewer = new Y.Doc()
    const kvA = new YKeyValue<number>(recordsArray<number>(a))
    const kvB = new YKeyValue<number>(recordsArray<number>(b))
    const view = new ReadonlyKeyValue<number>(recordsArray<number>(viewer))
    const writes: Uint8Array[] = []
    viewer.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') writes.push(_u)
    })
    const events: string[] = []
    view.on('change', (changes) => changes.forEach((c, k) => events.push(`${c.action}:${k}`)))

    kvA.set('x', 1)
    kvB.set('x', 2) // concurrent with A's write
    kvB.set('y', 3)
    sync(a, b)
    Y.applyUpdate(viewer, Y.encodeStateAsUpdate(a), 'remote')
    expect(view.get('x')).toBe(kvA.get('x'))
    expect(view.get('y')).toBe(3)
    kvA.delete('y')
    Y.applyUpdate(viewer, Y.encodeStateAsUpdate(a, Y.encodeStateVector(viewer)), 'remote')
    expect(view.get('y')).toBeUndefined()
    expect(events).toContain('delete:y')
    expect(writes).toEqual([])
    view.destroy()
  })
})
