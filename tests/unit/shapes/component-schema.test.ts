// The `component` shape at the trust boundary: the sync node validates every record with
// checkRecordEntry, so a good component must pass and a malformed one must be refused with a
// reason. Also pins that the browser's store schema (built from the ShapeUtils) is exactly the
// server's, since the node refuses a client whose schema differs.
import { createShapeId, type TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { boardSchema, checkRecordEntry, checkSchemaValue } from '@/lib/board/record-checks'
import { componentIconPaths } from '@/lib/shapes/component-icons'
import { COMPONENT_KINDS } from '@/lib/shapes/component-kinds'
import { COMPONENT_SHAPE_TYPE, MAX_COMPONENT_CAPACITY, MAX_COMPONENT_TEXT } from '@/lib/shapes/component-schema'

const schema = boardSchema()

function componentRecord(props: Record<string, unknown> = {}): TLRecord {
  return schema.types.shape!.create({
    id: createShapeId('orders-db'),
    type: COMPONENT_SHAPE_TYPE,
    parentId: 'page:page',
    index: 'a1',
    props: { w: 160, h: 96, kind: 'database', text: 'Orders DB', capacity: 2000, color: 'green', ...props },
  } as never) as TLRecord
}

function entry(record: TLRecord) {
  return { key: record.id, val: JSON.parse(JSON.stringify(record)) as unknown }
}

function withProps(props: Record<string, unknown>) {
  const record = componentRecord()
  const val = { ...record, props: { ...(record as unknown as { props: object }).props, ...props } }
  return { key: record.id, val }
}

function expectRefused(value: unknown, reason: RegExp) {
  const result = checkRecordEntry(value)
  expect(result.ok).toBe(false)
  if (!result.ok) expect(result.reason).toMatch(reason)
}

describe('component records at the trust boundary', () => {
  it('a valid component record passes', () => {
    expect(checkRecordEntry(entry(componentRecord()))).toEqual({ ok: true })
  })

  it('every kind passes, with or without a capacity', () => {
    for (const kind of COMPONENT_KINDS) {
      expect(checkRecordEntry(withProps({ kind, capacity: 0 }))).toEqual({ ok: true })
    }
  })

  it('an unknown kind is refused', () => {
    expectRefused(withProps({ kind: 'mainframe' }), /kind/)
  })

  it('a negative capacity is refused', () => {
    expectRefused(withProps({ capacity: -1 }), /capacity/)
  })

  it('a capacity above the maximum is refused', () => {
    expectRefused(withProps({ capacity: MAX_COMPONENT_CAPACITY + 1 }), /capacity/)
  })

  it('a 10 KB label is refused', () => {
    expectRefused(withProps({ text: 'x'.repeat(10 * 1024) }), new RegExp(`longer than ${MAX_COMPONENT_TEXT}`))
  })

  it('a non-finite capacity is refused', () => {
    expectRefused(withProps({ capacity: Number.NaN }), /finite|number/)
  })

  it('a missing prop is refused', () => {
    const record = componentRecord() as unknown as { props: Record<string, unknown> }
    const { capacity: _dropped, ...props } = record.props
    expectRefused({ key: (record as unknown as TLRecord).id, val: { ...record, props } }, /capacity/)
  })
})

describe('component icons', () => {
  it('every kind has at least one path', () => {
    for (const kind of COMPONENT_KINDS) {
      const paths = componentIconPaths(kind)
      expect(paths.length, kind).toBeGreaterThan(0)
      for (const d of paths) expect(d, kind).toMatch(/^M/)
    }
  })
})

describe('the browser store schema', () => {
  it('equals the schema the sync node validates against', async () => {
    const { createTLStore, defaultBindingUtils } = await import('tldraw')
    const { boardShapeUtils } = await import('@/lib/shapes/shape-utils')
    const store = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: defaultBindingUtils })
    const serialized = store.schema.serialize()
    expect(serialized).toEqual(schema.serialize())
    expect(checkSchemaValue(JSON.parse(JSON.stringify(serialized)))).toEqual({ ok: true })
  })
})
