import { describe, expect, it } from 'vitest'
import { recordsFromDocument } from '@/lib/board/seed-document'
import { decodeFrame, frameAt } from '@/lib/interviews/replay-frames.client'
import { findTemplate, templateDocument } from '@/lib/templates/catalog'

describe('replay frames in the browser', () => {
  it('decodes a base64 frame to the same records the server reads from the document', () => {
    const spec = findTemplate('url-shortener')
    if (!spec) throw new Error('the url-shortener template is missing')
    const document = templateDocument(spec, 'blank')
    const frame = decodeFrame(Buffer.from(document).toString('base64'))
    const expected = recordsFromDocument(document)
    expect(Object.values(frame.store).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...expected].sort((a, b) => a.id.localeCompare(b.id)))
    expect(frame.shapeCount).toBe(expected.filter((r) => r.typeName === 'shape').length)
    expect(frame.schema).toMatchObject({ schemaVersion: expect.any(Number) })
  })

  it('shows the last frame at or before the scrubber time, and the first before any', () => {
    const frames = [{ at: 100 }, { at: 200 }, { at: 300 }]
    expect(frameAt(frames, 50)).toBe(0)
    expect(frameAt(frames, 100)).toBe(0)
    expect(frameAt(frames, 250)).toBe(1)
    expect(frameAt(frames, 300)).toBe(2)
    expect(frameAt(frames, 10_000)).toBe(2)
  })
})
