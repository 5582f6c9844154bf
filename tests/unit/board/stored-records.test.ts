// lib/board/stored-records.ts: what an export or a render gets from a stored board document.
import { describe, expect, it } from 'vitest'
import { documentFromRecords } from '@/lib/board/seed-document'
import { checkedRecords, UnreadableDocumentError } from '@/lib/board/stored-records'
import { compileTemplate } from '@/lib/templates/compile'
import { TEMPLATES } from '@/templates'
import { deepMapUpdate, deepMetaUpdate } from '../../helpers/hostile-docs'

describe('checkedRecords', () => {
  it("returns a template board's records unchanged", () => {
    const records = compileTemplate(TEMPLATES[0]!, 'reference')
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
    expect(checkedRecords(documentFromRecords(records)).sort(byId)).toEqual([...records].sort(byId))
  })

  it.each([
    // Any nested shared type is refused; the matrix's 5,000 levels run in export-hostile.test.ts.
    ['a Y.Map nested in the records array', () => deepMapUpdate(50), /not plain data/],
    // lib0 decodes it recursively: whether that overflows this stack or not, it is refused.
    ['a record whose meta nests 5,000 deep', () => deepMetaUpdate(5_000), /nested (too deeply to decode|deeper than)/],
    ['a record whose meta nests 100 deep', () => deepMetaUpdate(100), /nested deeper than/],
    ['bytes that are not an update', () => new Uint8Array([5, 200, 1]), /not a valid Yjs update/],
  ])('refuses %s with UnreadableDocumentError', (_name, update, reason) => {
    const refused = (() => {
      try {
        checkedRecords(update())
      } catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(UnreadableDocumentError)
    expect((refused as Error).message).toMatch(reason)
  })
})
