// A throwaway tldraw store holding one version's records, for the read-only preview. It is never
// bound to the board's Yjs document, so nothing done to it can reach collaborators.
import { atom, createTLStore, defaultBindingUtils, type TLRecord, type TLStore } from 'tldraw'
import { boardShapeUtils } from '@/lib/shapes/shape-utils'

// The document's own record types (lib/board/layout.ts syncs the same ones); per-session records
// such as cameras and pointers are made by the preview's editor.
const DOCUMENT_TYPES: ReadonlySet<string> = new Set(['document', 'page', 'shape', 'binding', 'asset'])

function isDocumentRecord(value: unknown): value is TLRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as { id?: unknown; typeName?: unknown }
  return typeof record.id === 'string' && typeof record.typeName === 'string' && DOCUMENT_TYPES.has(record.typeName)
}

/** The store, read-only from the start; records tldraw rejects are skipped, not fatal. */
export function previewStore(records: unknown[]): { store: TLStore; skipped: number } {
  const store = createTLStore({
    shapeUtils: boardShapeUtils,
    bindingUtils: defaultBindingUtils,
    collaboration: { mode: atom<'readonly' | 'readwrite'>('preview mode', 'readonly'), status: null },
  })
  const valid = records.filter(isDocumentRecord)
  let skipped = records.length - valid.length
  try {
    store.put(valid)
  } catch {
    // put validates and throws on the first bad record: retry one by one to keep the rest.
    for (const record of valid) {
      try {
        store.put([record])
      } catch (error) {
        skipped += 1
        console.warn(`[history] preview skipped an invalid record ${record.id}`, error)
      }
    }
  }
  return { store, skipped }
}
