// Hostile document content on the wire, against a node that runs the product's record validator
// (lib/board/validate-update.ts, wired as server/node-options.ts does) in rooms seeded with a
// real template board: reliability.md §6.1 B7 (bit flips), B21 (invalid records) and B12 (deep
// nesting). The room must only ever hold schema-valid records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { createShapeId, toRichText, type TLRecord } from '@tldraw/tlschema'
import { META_MAP, RECORDS_ARRAY, SCHEMA_KEY, metaMap, recordsArray } from '@/lib/board/layout'
import { checkRecordEntry, checkSchemaValue } from '@/lib/board/record-checks'
import { recordsFromDocument } from '@/lib/board/seed-document'
import { validateUpdate } from '@/lib/board/validate-update'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { Rng } from '@/lib/sim/engine/rng'
import { findTemplate, templateDocument } from '@/lib/templates/catalog'
import { syncFrame, updateFrame } from '@/server/relay'
import { rawSocket, roomToken, startSyncServer, connectClient, waitFor, waitForSynced, type Client, type RawSocket, type SyncServer } from '../helpers/sync-harness'
import { snapshotRoom } from '../helpers/survival'

const SEED = templateDocument(findTemplate('caching')!, 'reference')
const FLIPS = Number(process.env.B7_FLIPS ?? 500)
const FLIP_SEED = Number(process.env.B7_SEED ?? 7)

let server: SyncServer
const clients: Client[] = []

beforeAll(async () => {
  server = await startSyncServer({ validateUpdate })
})

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
})

/** A room whose stored board is the template, as a board created from it is. */
async function seededRoom(name: string): Promise<string> {
  await server.updateLog.append(name, [SEED])
  return name
}

function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

/** The update one client (a fresh replica of `base`) emits for `change`, merged. */
function editOf(base: Uint8Array, clientID: number, change: (kv: YKeyValue<TLRecord>, doc: Y.Doc) => void): Uint8Array {
  const doc = docOf()
  doc.clientID = clientID
  Y.applyUpdate(doc, base)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  doc.transact(() => change(new YKeyValue<TLRecord>(recordsArray<TLRecord>(doc)), doc))
  doc.destroy()
  return Y.mergeUpdates(updates)
}

type Shape = TLRecord & { typeName: 'shape'; type: string; x: number; props: Record<string, unknown> }
const shapes = recordsFromDocument(SEED).filter((r): r is Shape => r.typeName === 'shape')
const firstOf = (type: string): Shape => shapes.find((s) => s.type === type) ?? expect.fail(`the template has no ${type} shape`)

function geo(props: Record<string, unknown> = {}): TLRecord {
  const base = { geo: 'rectangle', w: 120, h: 60, color: 'black', labelColor: 'black', fill: 'none', dash: 'draw', size: 'm', font: 'draw' }
  const rest = { align: 'middle', verticalAlign: 'middle', growY: 0, url: '', scale: 1, flipX: false, flipY: false, richText: toRichText('geo') }
  const shape = { ...firstOf('component'), id: createShapeId('wire-geo'), type: 'geo', props: { ...base, ...rest, ...props } }
  return shape as unknown as TLRecord
}

/** Real tldraw edits of the template: moves, relabels, recolours, a new shape, a deletion. */
function corpus(): Uint8Array[] {
  const edits: ((kv: YKeyValue<TLRecord>) => void)[] = []
  for (const s of shapes.slice(0, 6)) edits.push((kv) => kv.set(s.id, { ...s, x: s.x + 13 } as TLRecord))
  const component = firstOf('component')
  edits.push((kv) => kv.set(component.id, { ...component, props: { ...component.props, text: 'Read replica', color: 'red' } } as TLRecord))
  const text = firstOf('text')
  edits.push((kv) => kv.set(text.id, { ...text, props: { ...text.props, richText: toRichText('Cache-aside, TTL 60 s') } } as TLRecord))
  edits.push((kv) => kv.set(geo().id, geo()))
  edits.push((kv) => kv.delete(shapes.at(-1)!.id))
  return edits.map((edit, i) => editOf(SEED, 9_000 + i, edit))
}

/** A raw editor socket that can ask the node "did you handle everything I sent?". */
class Peer {
  /** The room as this socket knows it: applied from the node's sync step 2 answers. */
  readonly mirror = docOf()
  #socket: RawSocket | null = null
  #token: string | undefined
  closes = 0

  constructor(readonly room: string) {}

  async socket(): Promise<RawSocket> {
    if (this.#socket) return this.#socket
    this.#token ??= await roomToken(this.room, { name: 'Flipper', sub: 'user-flipper' })
    const socket = rawSocket(server.url, this.room, this.#token)
    await socket.opened
    this.#socket = socket
    return socket
  }

  /**
   * Sends `frame` (if any), then a sync step 1: the node handles a socket's frames in order, so
   * its step 2 answer means the frame was handled, and brings the mirror up to date.
   */
  async send(frame?: Uint8Array): Promise<{ closed: number | null }> {
    const socket = await this.socket()
    const answered = new Promise<number | null>((resolve) => {
      const onMessage = (data: Buffer) => {
        if (data[0] !== 0 || data[1] !== 1) return
        const decoder = decoding.createDecoder(new Uint8Array(data))
        decoding.readVarUint(decoder)
        decoding.readVarUint(decoder)
        Y.applyUpdate(this.mirror, decoding.readVarUint8Array(decoder))
        done(null)
      }
      const onClose = (code: number) => done(code)
      const done = (code: number | null) => {
        socket.ws.off('message', onMessage)
        socket.ws.off('close', onClose)
        resolve(code)
      }
      socket.ws.on('message', onMessage)
      socket.ws.on('close', onClose)
    })
    if (frame) socket.ws.send(frame)
    socket.ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, this.mirror)))
    socket.messages.length = 0
    const closed = await answered
    if (closed !== null) {
      this.#socket = null
      this.closes++
    }
    return { closed }
  }

  close(): void {
    this.#socket?.ws.close()
    this.mirror.destroy()
  }
}

/** The socket's close code, or -1 if the node kept it open for `ms` (so a miss fails fast). */
function closeCode(socket: RawSocket, ms = 5_000): Promise<number> {
  const open = new Promise<number>((resolve) => setTimeout(() => resolve(-1), ms).unref())
  return Promise.race([socket.closed.then(({ code }) => code), open])
}

/** Everything the room (or a replay of its log) holds is a valid record or this build's schema. */
function expectOnlyValidRecords(state: Uint8Array, what: string): void {
  const doc = docOf(state)
  expect(doc.store.pendingStructs, `${what}: no pending structs`).toBeNull()
  expect(doc.store.pendingDs, `${what}: no pending deletes`).toBeNull()
  expect([...doc.share.keys()].filter((k) => k !== RECORDS_ARRAY && k !== META_MAP), `${what}: roots`).toEqual([])
  const entries = recordsArray(doc).toArray()
  expect(entries.length).toBeGreaterThan(0)
  for (const entry of entries) expect(checkRecordEntry(entry), `${what}: ${JSON.stringify(entry).slice(0, 120)}`).toEqual({ ok: true })
  // A flip in an update's delete set can delete the schema entry (deletes are not validated, and
  // clients write the schema again when it is missing); whatever is there must be this schema.
  expect([...metaMap(doc).keys()].filter((k) => k !== SCHEMA_KEY), `${what}: meta keys`).toEqual([])
  if (metaMap(doc).has(SCHEMA_KEY)) expect(checkSchemaValue(metaMap(doc).get(SCHEMA_KEY)), `${what}: schema`).toEqual({ ok: true })
  doc.destroy()
}

async function roomAndLog(room: string): Promise<{ state: Uint8Array; log: Uint8Array }> {
  const snapshot = await snapshotRoom(server, room)
  return { state: snapshot.state, log: Y.mergeUpdates(snapshot.log) }
}

describe('hostile records against the real validator', () => {
  it(`B7: ${FLIPS} single-bit flips of real shape updates: only valid records, no pending structs, invalid writers closed`, async () => {
    const room = await seededRoom('b7-flips')
    const edits = corpus()
    for (const edit of edits) expect(validateUpdate(edit, { doc: docOf(SEED) }), 'the corpus is valid').toEqual({ ok: true })
    const peer = new Peer(room)
    const rng = new Rng(FLIP_SEED)
    const outcome = { invalid: 0, invalidOpen: [] as string[], validClosed: 0, applied: 0 }
    try {
      await peer.send()
      for (let i = 0; i < FLIPS; i++) {
        const edit = edits[i % edits.length]!
        const flipped = edit.slice()
        const bit = Math.floor(rng.next() * flipped.length * 8)
        flipped[bit >> 3]! ^= 1 << (bit & 7)
        const expected = validateUpdate(flipped, { doc: peer.mirror })
        const before = Y.encodeStateVector(peer.mirror)
        const { closed } = await peer.send(updateFrame(flipped))
        if (!expected.ok) {
          outcome.invalid++
          if (closed !== CloseCodes.malformed.code) outcome.invalidOpen.push(`flip ${i} (bit ${bit} of edit ${i % edits.length}): ${expected.reason}`)
        } else if (closed !== null) outcome.validClosed++
        if (closed === null && Buffer.compare(before, Y.encodeStateVector(peer.mirror)) !== 0) outcome.applied++
      }
      if (process.env.SURV_LOG) console.log('B7', JSON.stringify({ ...outcome, closes: peer.closes }))
      expect(outcome.invalidOpen, 'every invalid write closed its socket with 4400').toEqual([])
      expect(outcome.invalid, 'the flips exercise the validator').toBeGreaterThan(FLIPS / 10)
    } finally {
      peer.close()
    }
    const { state, log } = await roomAndLog(room)
    expectOnlyValidRecords(state, 'room')
    expectOnlyValidRecords(log, 'stored log')
    const joiner = connectClient(server.url, room, await roomToken(room, { name: 'Joiner', sub: 'user-joiner' }))
    clients.push(joiner)
    await waitForSynced(joiner)
    expect(recordsArray(joiner.doc).length).toBe(recordsArray(docOf(state)).length)
  }, 60_000)

  const component = firstOf('component')
  const text = firstOf('text')
  it.each([
    ['x: NaN', () => ({ ...component, x: Number.NaN })],
    ['an unknown shape type', () => ({ ...component, id: createShapeId('wire-bogus'), type: 'bogus' })],
    ["url: 'javascript:alert(1)'", () => geo({ url: 'javascript:alert(1)' })],
    ['a 1 MB label', () => ({ ...text, props: { ...text.props, richText: toRichText('x'.repeat(1_000_000)) } })],
  ])('B21: a record with %s is refused before merge (4400); the room and its log are unchanged', async (_name, record) => {
    const room = await seededRoom(`b21-${Math.random().toString(36).slice(2, 8)}`)
    const value = record() as TLRecord
    const before = await roomAndLog(room)
    const socket = rawSocket(server.url, room, await roomToken(room, { name: 'Mallory', sub: 'user-mallory' }))
    await socket.opened
    socket.ws.send(updateFrame(editOf(before.state, 31_337, (kv) => kv.set(value.id, value))))
    expect(await closeCode(socket)).toBe(CloseCodes.malformed.code)
    expect(await roomAndLog(room)).toEqual(before)
  })

  it.each([
    ['a Y.Map nested 5,000 deep in the records array', (_kv: YKeyValue<TLRecord>, doc: Y.Doc) => {
      let map = new Y.Map<unknown>()
      doc.getArray<Y.Map<unknown>>(RECORDS_ARRAY).push([map])
      for (let i = 0; i < 5_000; i++) map = map.set('c', new Y.Map<unknown>())
    }],
    ['a record whose meta nests 5,000 deep', (kv: YKeyValue<TLRecord>) => {
      let meta: Record<string, unknown> = {}
      const root = meta
      for (let i = 0; i < 5_000; i++) meta = (meta.c = {}) as Record<string, unknown>
      kv.set(component.id, { ...component, meta: root } as TLRecord)
    }],
  ])('B12: %s is refused (4400); the node keeps serving the room', async (_name, change) => {
    const room = await seededRoom(`b12-${Math.random().toString(36).slice(2, 8)}`)
    const before = await roomAndLog(room)
    const update = editOf(before.state, 4_242, change)
    expect(update.byteLength, 'deep enough to matter').toBeGreaterThan(10_000)
    const socket = rawSocket(server.url, room, await roomToken(room, { name: 'Mallory', sub: 'user-mallory' }))
    await socket.opened
    socket.ws.send(updateFrame(update))
    expect(await closeCode(socket)).toBe(CloseCodes.malformed.code)
    expect(await roomAndLog(room)).toEqual(before)
    // Still serving: an honest edit goes through to a fresh joiner.
    const editor = new Peer(room)
    const moved = { ...component, x: component.x + 1 } as TLRecord
    expect((await editor.send(updateFrame(editOf(before.state, 4_343, (kv) => kv.set(moved.id, moved))))).closed).toBeNull()
    editor.close()
    const joiner = connectClient(server.url, room, await roomToken(room, { name: 'Joiner', sub: 'user-joiner' }))
    clients.push(joiner)
    await waitForSynced(joiner)
    const xOf = () => (new YKeyValue<Shape>(recordsArray<Shape>(joiner.doc)).get(component.id) as Shape | undefined)?.x
    await waitFor(() => xOf() === component.x + 1, 'the joiner sees the edit')
  })
})
