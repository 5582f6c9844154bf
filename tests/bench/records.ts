// What the load generator writes: a YKeyValue set of a real tldraw geo shape in the board's
// records array (the only content our tier's validator accepts), identical for all three servers.
// Each write carries a marker `bnch<seq>;` in the shape's meta, so receivers can find the
// sequence number in the raw frame bytes without applying the update to a Y.Doc.
import { createShapeId, toRichText, type TLShape } from '@tldraw/tlschema'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { RECORDS_ARRAY } from '@/lib/board/layout'
import { boardSchema } from '@/lib/board/record-checks'

let template: TLShape | undefined

function baseShape(): TLShape {
  template ??= boardSchema().types.shape!.create({
    id: createShapeId('bench'),
    type: 'geo',
    parentId: 'page:page',
    index: 'a1',
    props: {
      geo: 'rectangle', w: 160, h: 80, richText: toRichText('Load balancer'), color: 'black', labelColor: 'black',
      fill: 'none', dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0,
      url: '', scale: 1, flipX: false, flipY: false,
    },
  }) as TLShape
  return template
}

export const MARKER = Buffer.from('bnch')
const SEMI = 0x3b

/** A shape record with id `shape:<key>` carrying the marker for `seq`. */
export function markedShape(key: string, seq: number, x: number): TLShape {
  return { ...baseShape(), id: createShapeId(key), x, y: seq % 900, meta: { bench: `bnch${seq};` } }
}

/** Every marker sequence number found in a frame (a merged update may carry several). */
export function markersIn(bytes: Uint8Array): number[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const found: number[] = []
  let at = buf.indexOf(MARKER)
  while (at !== -1) {
    let i = at + MARKER.length
    let n = 0
    let digits = 0
    while (i < buf.length && buf[i]! >= 0x30 && buf[i]! <= 0x39) {
      n = n * 10 + (buf[i]! - 0x30)
      i++
      digits++
    }
    if (digits > 0 && buf[i] === SEMI) found.push(n)
    at = buf.indexOf(MARKER, i)
  }
  return found
}

/** A writer's own document: each write is one transaction, its update returned. */
export class Writer {
  readonly doc = new Y.Doc()
  readonly kv = new YKeyValue<TLShape>(this.doc.getArray<{ key: string; val: TLShape }>(RECORDS_ARRAY))
  #last: Uint8Array | null = null

  constructor(readonly key: string) {
    this.doc.on('update', (u: Uint8Array) => (this.#last = u))
  }

  write(seq: number): Uint8Array {
    this.#last = null
    this.kv.set(`shape:${this.key}`, markedShape(this.key, seq, seq % 1000))
    const update = this.#last as Uint8Array | null
    if (!update) throw new Error('write produced no update')
    return update
  }
}
