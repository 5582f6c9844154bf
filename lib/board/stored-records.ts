// Reading a stored board document on the server, for exports and renders. The sync node refuses
// any update that is not a valid record, but a stored log can still hold what it would refuse (a
// row written before a check existed, a restored backup, someone with database access). Such a
// document must make an export answer "cannot be read" (422), not crash the handler or hand
// tldraw.com a file it cannot open (reliability matrix B12: a Y.Map nested 5,000 deep overflowed
// lib0's recursive decoder, and a nested shared type in the records array became `undefined`).
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import type { TLRecord } from '@tldraw/tlschema'
import { recordsArray } from './layout'
import { checkPlainData } from './record-checks'

export class UnreadableDocumentError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options)
    this.name = 'UnreadableDocumentError'
  }
}

/** Y.applyUpdate, with any decoding failure (stack overflow included) as UnreadableDocumentError. */
export function applyStoredUpdate(doc: Y.Doc, update: Uint8Array): void {
  try {
    Y.applyUpdate(doc, update)
  } catch (cause) {
    const why = cause instanceof RangeError ? 'nested too deeply to decode' : 'not a valid Yjs update'
    throw new UnreadableDocumentError(`the stored document is ${why}`, { cause })
  }
}

/**
 * The records of a stored document, each entry checked to be plain, bounded-depth `{ key, val }`
 * data, so serialising them cannot fail. Not tldraw's validators: records written under an older
 * tldraw schema are valid boards that the browser migrates on load, and must stay exportable.
 */
export function checkedRecords(update: Uint8Array): TLRecord[] {
  const doc = new Y.Doc()
  try {
    applyStoredUpdate(doc, update)
    for (const entry of recordsArray(doc).toArray()) {
      const plain = checkPlainData(entry, 'record')
      if (!plain.ok) throw new UnreadableDocumentError(`the stored document holds an invalid record (${plain.reason})`)
      const { key, val } = entry as { key?: unknown; val?: unknown }
      if (typeof key !== 'string' || typeof val !== 'object' || val === null) {
        throw new UnreadableDocumentError('the stored document holds an entry that is not a record')
      }
    }
    return [...new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc)).map.values()].map((entry) => entry.val)
  } finally {
    doc.destroy()
  }
}
