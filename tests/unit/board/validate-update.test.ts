import { createShapeId, toRichText, type TLRecord } from '@tldraw/tlschema'
import { boardSchema } from '@/lib/board/record-checks'
import { describe, expect, it } from 'vitest'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { META_MAP, RECORDS_ARRAY, SCHEMA_KEY, metaMap, recordsArray } from '@/lib/board/layout'
import { validateUpdate } from '@/lib/board/validate-update'

const schema = boardSchema()

function geoShape(overrides: Record<string, unknown> = {}, props: Record<string, unknown> = {}): TLRecord {
  return {
    ...schema.types.shape!.create({
      id: createShapeId('lb'),
      type: 'geo',
      parentId: 'page:page',
      index: 'a1',
      props: {
        geo: 'rectangle', w: 160, h: 80, richText: toRichText('Load balancer'), color: 'black', labelColor: 'black',
        fill: 'none', dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0,
        url: '', scale: 1, flipX: false, flipY: false, ...props,
      },
    }),
    ...overrides,
  } as TLRecord
}

/** Every update `change` emits on a fresh doc (optionally starting from `base`), merged. */
function updateOf(change: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc()
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  change(doc)
  return Y.mergeUpdates(updates)
}

function setRecord(key: string, val: unknown) {
  return (doc: Y.Doc) => new YKeyValue<unknown>(recordsArray(doc)).set(key, val)
}

/** A room doc that already holds one shape and the schema, as the sync node would. */
function roomDoc(): Y.Doc {
  const room = new Y.Doc()
  Y.applyUpdate(room, updateOf(setRecord('shape:lb', geoShape())))
  Y.applyUpdate(room, updateOf((d) => metaMap(d).set(SCHEMA_KEY, schema.serialize()), room))
  return room
}

function expectRejected(update: Uint8Array, reason?: RegExp, doc?: Y.Doc) {
  const result = validateUpdate(update, { doc })
  expect(result.ok).toBe(false)
  if (!result.ok && reason) expect(result.reason).toMatch(reason)
}

describe('validateUpdate', () => {
  it('accepts a YKeyValue set of a real tldraw shape record', () => {
    expect(validateUpdate(updateOf(setRecord('shape:lb', geoShape())))).toEqual({ ok: true })
  })

  it('accepts the schema in the meta map', () => {
    expect(validateUpdate(updateOf((d) => metaMap(d).set(SCHEMA_KEY, schema.serialize())))).toEqual({ ok: true })
  })

  it('accepts an edit appended after records the room already holds, with and without the room doc', () => {
    const room = roomDoc()
    const moved = updateOf(setRecord('shape:lb', geoShape({ x: 300 })), room)
    expect(validateUpdate(moved, { doc: room })).toEqual({ ok: true })
    expect(validateUpdate(moved)).toEqual({ ok: true })
  })

  it('accepts deletions', () => {
    const room = roomDoc()
    const update = updateOf((d) => new YKeyValue<unknown>(recordsArray(d)).delete('shape:lb'), room)
    expect(validateUpdate(update, { doc: room })).toEqual({ ok: true })
  })

  it('accepts one transaction creating many records (a long origin chain)', () => {
    const update = updateOf((d) =>
      d.transact(() => {
        const kv = new YKeyValue<unknown>(recordsArray(d))
        for (let i = 0; i < 3000; i++) kv.set(`shape:s${i}`, geoShape({ id: `shape:s${i}`, x: i }))
      }),
    )
    const started = performance.now()
    expect(validateUpdate(update)).toEqual({ ok: true })
    // ~3 µs per record on this box; a generous bound that still catches a quadratic walk.
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('rejects a shape with x: NaN', () => {
    expectRejected(updateOf(setRecord('shape:lb', geoShape({ x: Number.NaN }))), /x/)
  })

  it('rejects NaN hidden in meta, which tldraw validates as JSON', () => {
    expectRejected(updateOf(setRecord('shape:lb', geoShape({ meta: { weight: Number.POSITIVE_INFINITY } }))), /finite/)
  })

  it('rejects a geo shape with a bogus prop', () => {
    expectRejected(updateOf(setRecord('shape:lb', geoShape({}, { bogus: 1 }))), /bogus/)
  })

  it('rejects a geo shape with a javascript: url', () => {
    expectRejected(updateOf(setRecord('shape:lb', geoShape({}, { url: 'javascript:alert(1)' }))))
  })

  it('rejects mixed-case javascript: and data:text/html urls on a shape', () => {
    for (const url of ['JaVaScRiPt:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'DATA:text/html;base64,PHNjcmlwdD4=']) {
      expectRejected(updateOf(setRecord('shape:lb', geoShape({}, { url }))))
    }
  })

  it('accepts an embed of a site on tldraw\'s allowlist and refuses one anywhere else (W2)', () => {
    const embed = (url: string): TLRecord =>
      schema.types.shape!.create({ id: createShapeId('video'), type: 'embed', parentId: 'page:page', index: 'a2', props: { w: 400, h: 300, url } }) as TLRecord
    expect(validateUpdate(updateOf(setRecord('shape:video', embed('https://www.youtube.com/watch?v=dQw4w9WgXcQ'))))).toEqual({ ok: true })
    expectRejected(updateOf(setRecord('shape:video', embed('https://attacker.example/login'))), /embeds may only show/)
    expectRejected(updateOf(setRecord('shape:video', embed('https://figma.com.attacker.example/file'))), /embeds may only show/)
  })

  it('rejects mixed-case and data:text/html links inside rich text', () => {
    for (const href of ['JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] }] }] }
      expectRejected(updateOf(setRecord('shape:lb', geoShape({}, { richText }))), /script URL/)
    }
  })

  it('keeps pasted raster images stored inline as data: URLs', () => {
    const image = { id: 'asset:pic', typeName: 'asset', type: 'image', meta: {}, props: { name: 'pic.png', src: 'data:image/png;base64,iVBORw0KGgo=', w: 1, h: 1, mimeType: 'image/png', isAnimated: false } }
    expect(validateUpdate(updateOf(setRecord('asset:pic', image)))).toEqual({ ok: true })
    expectRejected(updateOf(setRecord('asset:pic', { ...image, props: { ...image.props, src: 'data:image/svg+xml,<svg onload=alert(1)>' } })), /script URL/)
  })

  it('rejects a javascript: link inside rich text, which tldraw leaves unchecked', () => {
    const richText = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: ' java\tscript:alert(1)' } }] }] }],
    }
    expectRejected(updateOf(setRecord('shape:lb', geoShape({}, { richText }))), /script URL/)
  })

  it('keeps text that merely mentions javascript: outside URL fields', () => {
    expect(validateUpdate(updateOf(setRecord('shape:lb', geoShape({}, { richText: toRichText('javascript: is a scheme') }))))).toEqual({ ok: true })
  })

  it('rejects an unknown typeName', () => {
    expectRejected(updateOf(setRecord('widget:1', { id: 'widget:1', typeName: 'widget' })), /typeName/)
  })

  it('rejects session-scoped records (camera, instance)', () => {
    const camera = schema.types.camera!.create({ id: 'camera:page:page' as never })
    expectRejected(updateOf(setRecord(camera.id, camera)), /typeName/)
    const instance = schema.types.instance!.create({ currentPageId: 'page:page' as never })
    expectRejected(updateOf(setRecord(instance.id, instance)), /typeName/)
  })

  it('rejects user records, which stay out of the shared document', () => {
    const user = schema.types.user!.create({ id: 'user:mallory' as never, name: 'The interviewer', color: '#000000' } as never)
    expectRejected(updateOf(setRecord(user.id, user)), /typeName/)
  })

  it('rejects an entry whose key is not the record id', () => {
    expectRejected(updateOf(setRecord('shape:other', geoShape())), /does not match/)
  })

  it('rejects entries that are not exactly { key, val }', () => {
    expectRejected(updateOf((d) => recordsArray(d).push([{ key: 'shape:lb', val: geoShape(), extra: 1 } as never])))
    expectRejected(updateOf((d) => recordsArray(d).push(['shape:lb' as never])))
  })

  it('rejects a nested Y.Map', () => {
    expectRejected(
      updateOf((d) => d.getArray<unknown>(RECORDS_ARRAY).push([new Y.Map()])),
      /ContentType/,
    )
  })

  it('rejects a Y.Text insert', () => {
    expectRejected(updateOf((d) => d.getText('notes').insert(0, 'hello')), /ContentString/)
  })

  it('rejects binary content', () => {
    expectRejected(updateOf((d) => d.getArray<unknown>(RECORDS_ARRAY).push([new Uint8Array([1, 2, 3])])), /ContentBinary/)
  })

  it('rejects writes to another root or another meta key', () => {
    expectRejected(updateOf((d) => d.getMap('other').set(SCHEMA_KEY, schema.serialize())), /not part of the board layout/)
    expectRejected(updateOf((d) => metaMap(d).set('title', 'x')), /not part of the board layout/)
  })

  it('rejects a record entry written as the schema, and a forged schema', () => {
    expectRejected(updateOf((d) => metaMap(d).set(SCHEMA_KEY, { key: 'shape:lb', val: geoShape() })))
    expectRejected(updateOf((d) => metaMap(d).set(SCHEMA_KEY, { schemaVersion: 2, sequences: {} })), /schema/)
  })

  it('places items by their origin in the room doc', () => {
    const room = roomDoc()
    // A schema overwrite hangs off the previous schema item, so it names no parent itself.
    const overwrite = updateOf((d) => metaMap(d).set(SCHEMA_KEY, schema.serialize()), room)
    expect(validateUpdate(overwrite, { doc: room })).toEqual({ ok: true })
    // A schema pushed into the records array is a valid schema in the wrong place.
    const misplaced = updateOf((d) => d.getArray<unknown>(RECORDS_ARRAY).push([schema.serialize()]), room)
    expectRejected(misplaced, undefined, room)
  })

  it('rejects garbage bytes without throwing', () => {
    expectRejected(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]), /undecodable|not allowed|invalid/)
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) & 0xff)
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 64) }, random)
      expect(() => validateUpdate(bytes)).not.toThrow()
    }
  })

  it('rejects the update as a whole when one of its records is bad', () => {
    const update = updateOf((d) =>
      d.transact(() => {
        const kv = new YKeyValue<unknown>(recordsArray(d))
        kv.set('shape:a', geoShape({ id: 'shape:a' }))
        kv.set('shape:b', geoShape({ id: 'shape:b', y: Number.NaN }))
      }),
    )
    expectRejected(update, /shape:b/)
  })

  it('uses the layout names the docs describe', () => {
    expect([RECORDS_ARRAY, META_MAP, SCHEMA_KEY]).toEqual(['tl_records', 'meta', 'schema'])
  })
})
