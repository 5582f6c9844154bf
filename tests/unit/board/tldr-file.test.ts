import { describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import { recordsFromDocument } from '@/lib/board/seed-document'
import { MAX_TLDR_BYTES, MAX_TLDR_DEPTH, MAX_TLDR_RECORDS, parseTldr, serializeTldr, tldrSchema } from '@/lib/board/tldr-file'
import { findTemplate, templateDocument } from '@/lib/templates/catalog'

type Json = Record<string, unknown>

function templateRecords(): TLRecord[] {
  const spec = findTemplate('url-shortener')
  if (!spec) throw new Error('template missing')
  return recordsFromDocument(templateDocument(spec, 'reference'))
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)

/** A file holding the template's records, with `edit` applied to a JSON copy of them. */
function fileWith(edit: (records: Json[]) => void, extra: Json = {}): string {
  const records = JSON.parse(JSON.stringify(templateRecords())) as Json[]
  edit(records)
  return JSON.stringify({ tldrawFileFormatVersion: 1, schema: tldrSchema(), records, ...extra })
}

function firstOf(records: Json[], type: string): Json {
  const found = records.find((r) => r.typeName === 'shape' && r.type === type)
  if (!found) throw new Error(`no ${type} shape`)
  return found
}

function richTextOf(record: Json): Json {
  const props = record.props as Json
  return props.richText as Json
}

function expectRefused(text: string, message: RegExp): void {
  const result = parseTldr(text)
  expect(result.ok).toBe(false)
  if (!result.ok) expect(result.error).toMatch(message)
}

describe('serializeTldr', () => {
  it('writes the file exactly as tldraw does', () => {
    const records = templateRecords()
    const file = JSON.parse(serializeTldr(records)) as Json
    expect(Object.keys(file)).toEqual(['tldrawFileFormatVersion', 'schema', 'records'])
    expect(file.tldrawFileFormatVersion).toBe(1)
    expect(file.schema).toEqual(tldrSchema())
    expect(file.records).toEqual(records)
  })

  it('prunes assets no shape uses, like tldraw', () => {
    const asset = { id: 'asset:orphan', typeName: 'asset', type: 'image', props: { src: 'https://example.com/a.png' }, meta: {} }
    const file = JSON.parse(serializeTldr([...templateRecords(), asset as unknown as TLRecord])) as { records: Json[] }
    expect(file.records.some((r) => r.id === 'asset:orphan')).toBe(false)
  })
})

describe('parseTldr', () => {
  it('round-trips a board: records equal', () => {
    const records = templateRecords()
    const result = parseTldr(serializeTldr(records))
    expect(result.ok).toBe(true)
    if (result.ok) expect([...result.records].sort(byId)).toEqual([...records].sort(byId))
  })

  it('drops session, presence and user records a tldraw.com file carries', () => {
    const text = fileWith((records) => {
      records.push({ id: 'camera:page:page', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} })
      records.push({ id: 'user:someone', typeName: 'user', name: 'Mallory', color: '#000', meta: {}, locale: 'en' })
    })
    const result = parseTldr(text)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.records.every((r) => ['document', 'page', 'shape', 'binding', 'asset'].includes(r.typeName))).toBe(true)
  })

  it('migrates records written with an older schema', () => {
    const schema = tldrSchema()
    if (schema.schemaVersion !== 2) throw new Error('expected a v2 schema')
    // The document at version 1 still gets the later migrations applied (they are no-ops here).
    const older = { ...schema, sequences: { ...schema.sequences, 'com.tldraw.document': 1 } }
    const result = parseTldr(fileWith(() => {}, { schema: older }))
    expect(result.ok).toBe(true)
  })

  it('refuses a file over the size limit', () => {
    const result = parseTldr(fileWith(() => {}, { padding: 'x'.repeat(MAX_TLDR_BYTES) }))
    expect(result).toMatchObject({ ok: false, code: 'too-large' })
    if (!result.ok) expect(result.error).toMatch(/larger than 5 MB/)
  })

  it('refuses deep nesting before parsing it', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expectRefused(`{"tldrawFileFormatVersion":1,"records":${deep}}`, new RegExp(`nested deeper than ${MAX_TLDR_DEPTH}`))
  })

  it('refuses text that is not JSON', () => {
    expectRefused('{"tldrawFileFormatVersion":1,', /not JSON/)
  })

  it('refuses JSON that is not a tldraw file, saying where', () => {
    expectRefused(JSON.stringify({ hello: 'world' }), /not a tldraw file \(tldrawFileFormatVersion/)
    expectRefused(fileWith(() => {}, { records: [{ id: 5 }] }), /not a tldraw file \(records\.0\.id/)
  })

  it('refuses tldraw 1 files and newer file formats', () => {
    expectRefused(JSON.stringify({ document: { version: 15.5 } }), /tldraw 1 files/)
    expectRefused(fileWith(() => {}, { tldrawFileFormatVersion: 2 }), /format version 2 is newer/)
  })

  it('refuses a schema from a newer tldraw', () => {
    const schema = tldrSchema()
    if (schema.schemaVersion !== 2) throw new Error('expected a v2 schema')
    const newer = { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.geo': 999 } }
    expectRefused(fileWith(() => {}, { schema: newer }), /schema does not match/)
  })

  it('refuses records that fail the schema validators', () => {
    expectRefused(
      fileWith((records) => {
        ;(firstOf(records, 'geo').props as Json).w = 'wide'
      }),
      /invalid record shape:/,
    )
    expectRefused(
      fileWith((records) => {
        records.push({ ...firstOf(records, 'geo'), id: 'shape:alien', type: 'alien' })
      }),
      /invalid record shape:alien/,
    )
  })

  it('refuses unknown record types and duplicate ids', () => {
    expectRefused(fileWith((records) => records.push({ id: 'widget:1', typeName: 'widget' })), /unknown record type "widget"/)
    expectRefused(fileWith((records) => records.push({ ...firstOf(records, 'geo') })), /appears twice/)
  })

  it('caps the number of records', () => {
    const many = Array.from({ length: MAX_TLDR_RECORDS + 1 }, (_, i) => ({ id: `camera:${i}`, typeName: 'camera' }))
    expectRefused(fileWith(() => {}, { records: many }), /more than 10000 records/)
  })

  it('refuses assets that embed data or point anywhere but http(s)', () => {
    const withImage = (src: string) =>
      fileWith((records) => {
        const geo = firstOf(records, 'geo')
        records.push({
          id: 'asset:img',
          typeName: 'asset',
          type: 'image',
          props: { name: 'a.png', src, w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
          meta: {},
        })
        records.push({
          ...geo,
          id: 'shape:img',
          type: 'image',
          props: { w: 10, h: 10, assetId: 'asset:img', playing: true, url: '', crop: null, flipX: false, flipY: false, altText: '' },
        })
      })
    expect(parseTldr(withImage('https://example.com/a.png')).ok).toBe(true)
    expectRefused(withImage('data:image/png;base64,iVBORw0KGgo='), /asset src must be an http\(s\) URL.*data:/)
    expectRefused(withImage('javascript:alert(1)'), /script URL|asset src must be an http\(s\) URL/)
    // tldraw's own validator already refuses file: (invalid protocol); either message will do.
    expectRefused(withImage('file:///etc/passwd'), /asset src must be an http\(s\) URL|props\.src: Expected a valid url/)
  })

  it('refuses rich text links that are not http(s) or mailto', () => {
    const withLink = (href: string) =>
      fileWith((records) => {
        const text = richTextOf(firstOf(records, 'text'))
        text.content = [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href } }] }] }]
      })
    expect(parseTldr(withLink('https://example.com')).ok).toBe(true)
    expect(parseTldr(withLink('mailto:a@example.com')).ok).toBe(true)
    expectRefused(withLink('javascript:alert(1)'), /script URL|link must be an http\(s\) or mailto: URL/)
    expectRefused(withLink('data:text/html,<b>hi</b>'), /link must be an http\(s\) or mailto: URL/)
  })

  it('refuses unknown rich text nodes and marks', () => {
    expectRefused(
      fileWith((records) => {
        richTextOf(firstOf(records, 'text')).content = [{ type: 'iframe', attrs: { src: 'https://example.com' } }]
      }),
      /unknown rich text node type "iframe"/,
    )
    expectRefused(
      fileWith((records) => {
        richTextOf(firstOf(records, 'text')).content = [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'onclick' }] }] }]
      }),
      /unknown rich text mark "onclick"/,
    )
  })

  it('refuses "<script" in any text', () => {
    expectRefused(
      fileWith((records) => {
        richTextOf(firstOf(records, 'text')).content = [{ type: 'paragraph', content: [{ type: 'text', text: 'hi <SCRIPT>alert(1)</script>' }] }]
      }),
      /text contains "<script"/,
    )
    expectRefused(
      fileWith((records) => {
        ;(firstOf(records, 'component').props as Json).text = '< script src=x>'
      }),
      /text contains "<script"/,
    )
    expectRefused(
      fileWith((records) => {
        const page = records.find((r) => r.typeName === 'page')
        if (page) page.name = '<script>'
      }),
      /text contains "<script"/,
    )
  })

  it('refuses javascript: URLs in shape props', () => {
    expectRefused(
      fileWith((records) => {
        ;(firstOf(records, 'geo').props as Json).url = 'java\tscript:alert(1)'
      }),
      /script URL/,
    )
  })
})
