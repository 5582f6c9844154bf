// Decoding the replay's frames in the browser: each frame is a base64 Yjs update holding the
// whole board (lib/board/layout.ts), turned into the store snapshot tldraw loads. Pure; used by
// the summary page's replay and tested like any other codec.
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { SerializedSchema } from 'tldraw'
import type { TLRecord } from '@tldraw/tlschema'
import { isSyncedTypeName, metaMap, recordsArray, SCHEMA_KEY } from '@/lib/board/layout'

export type FrameSnapshot = {
  /** Document records by id (pages, shapes, bindings, assets). */
  store: Record<string, TLRecord>
  /** The schema the records were written with, when the document recorded one. */
  schema: SerializedSchema | null
  shapeCount: number
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function decodeFrame(update: string): FrameSnapshot {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, base64ToBytes(update))
    const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc))
    const store: Record<string, TLRecord> = {}
    let shapeCount = 0
    for (const { val } of kv.map.values()) {
      if (!val || typeof val !== 'object' || !isSyncedTypeName(val.typeName)) continue
      store[val.id] = val
      if (val.typeName === 'shape') shapeCount++
    }
    const schema = metaMap(doc).get(SCHEMA_KEY)
    return { store, schema: isSerializedSchema(schema) ? schema : null, shapeCount }
  } finally {
    doc.destroy()
  }
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  return typeof value === 'object' && value !== null && 'schemaVersion' in value
}

/** The index of the last frame at or before `t` (the first frame before any). */
export function frameAt(frames: ReadonlyArray<{ at: number }>, t: number): number {
  let found = 0
  for (const [i, frame] of frames.entries()) {
    if (frame.at <= t) found = i
    else break
  }
  return found
}
