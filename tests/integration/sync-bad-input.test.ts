// Hostile or broken frames close only their own socket (reliability.md §6.1 SURV): every case that
// sends one bad frame runs the full SURV check (tests/helpers/survival.ts: HTTP answer < 1 s, close
// < 500 ms, bystander probes < 200 ms, room state and stored log unchanged, RSS and loop lag), and
// then `survivors()`: a client in another room keeps syncing and a fresh joiner sees the probes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { Rng } from '@/lib/sim/engine/rng'
import { connectClient, rawSocket, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'
import { assertSurvives } from '../helpers/survival'

let server: SyncServer
let bystander: Client
let bystander2: Client
let elsewhere: Client
let probe = 0

const ROOM = 'hostile'
const OTHER = 'calm'

beforeAll(async () => {
  server = await startSyncServer({
    limits: { maxFrameBytes: 1024 * 1024, maxUpdateBytes: 256 * 1024, maxSyncStep2Bytes: 512 * 1024, maxAwarenessFrameBytes: 128 * 1024 },
    // Stand-in for the tldraw record validator: refuse writes to the root map 'forbidden'.
    validateUpdate: (update) => {
      const { structs } = Y.decodeUpdate(update)
      const bad = structs.some((s) => s instanceof Y.Item && (s.parent as unknown) === 'forbidden')
      return bad ? { ok: false, reason: 'write to forbidden' } : { ok: true }
    },
  })
  bystander = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Bystander' }))
  bystander2 = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Bystander2', sub: 'user-b2' }))
  elsewhere = connectClient(server.url, OTHER, await roomToken(OTHER, { name: 'Elsewhere' }))
  await Promise.all([waitForSynced(bystander), waitForSynced(bystander2), waitForSynced(elsewhere)])
})

afterAll(async () => {
  bystander?.destroy()
  bystander2?.destroy()
  elsewhere?.destroy()
  await server?.close()
})

function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, subtype)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

function validUpdate(root: string, key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap(root).set(key, 'x')
  return Y.encodeStateAsUpdate(doc)
}

/** Both bystanders still sync, and nobody else's edit was lost. */
async function survivors(): Promise<void> {
  const n = ++probe
  bystander.doc.getMap('probe').set(`n${n}`, n)
  elsewhere.doc.getMap('probe').set(`n${n}`, n)
  const watcher = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Watcher' }))
  try {
    await waitForSynced(watcher)
    await waitFor(() => watcher.doc.getMap('probe').get(`n${n}`) === n, 'probe edit reached a new client')
    expect(bystander.provider.wsconnected && elsewhere.provider.wsconnected).toBe(true)
    expect(watcher.doc.getMap('m').size).toBe(0)
    expect(watcher.doc.getMap('forbidden').size).toBe(0)
  } finally {
    watcher.destroy()
  }
}

async function sendAndExpectClose(frame: Uint8Array | string, code: number): Promise<void> {
  const socket = rawSocket(server.url, ROOM, await roomToken(ROOM, { name: 'Mallory', sub: 'user-m' }))
  await socket.opened
  await assertSurvives({
    server,
    room: ROOM,
    bystanders: [bystander, bystander2],
    offender: socket,
    attack: (s) => s.ws.send(frame),
    closeCode: code,
  })
  const closed = await socket.closed
  expect(closed.code).toBe(code)
  await survivors()
}

describe('bad input on the wire', () => {
  it.each([
    ['an empty frame', new Uint8Array()],
    ['garbage bytes', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02])],
    ['a truncated varint', new Uint8Array([0x80])],
    ['a varint overflow', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ['a length prefix longer than the frame', new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])],
    ['an unknown message type', new Uint8Array([99, 1, 2])],
    ['an unknown sync subtype', new Uint8Array([0, 7, 0])],
    ['an update that fails to apply', syncMessage(2, new Uint8Array([5]))],
    ['a sync step 2 that fails to apply', syncMessage(1, new Uint8Array([1, 200, 1, 0, 0]))],
    ['an update the validator rejects', syncMessage(2, validUpdate('forbidden', 'k'))],
    ['awareness that is not JSON', new Uint8Array([1, 5, 1, 42, 1, 1, 0x7b])],
  ])('%s closes only its socket with 4400', async (_name, frame) => {
    await sendAndExpectClose(frame, CloseCodes.malformed.code)
  })

  it('a text frame closes only its socket with 4400', async () => {
    await sendAndExpectClose('..`', CloseCodes.malformed.code)
  })

  it('an update over the per-kind limit closes only its socket with 4413', async () => {
    await sendAndExpectClose(syncMessage(2, new Uint8Array(300 * 1024)), CloseCodes.tooBig.code)
  })

  it('a sync step 2 over its limit closes only its socket with 4413', async () => {
    await sendAndExpectClose(syncMessage(1, new Uint8Array(600 * 1024)), CloseCodes.tooBig.code)
  })

  it('an awareness frame over its limit closes only its socket with 4413', async () => {
    // Small entries, so only the frame's total size (not one state) is over a limit.
    const entries = encoding.createEncoder()
    encoding.writeVarUint(entries, 2_000)
    for (let i = 0; i < 2_000; i++) {
      encoding.writeVarUint(entries, 10_000 + i)
      encoding.writeVarUint(entries, 1)
      encoding.writeVarString(entries, JSON.stringify({ pad: 'x'.repeat(64) }))
    }
    const frame = encoding.createEncoder()
    encoding.writeVarUint(frame, 1)
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(entries))
    await sendAndExpectClose(encoding.toUint8Array(frame), CloseCodes.tooBig.code)
  })

  it('a frame over maxPayload is refused by ws (1009) before it is buffered', async () => {
    await sendAndExpectClose(syncMessage(2, new Uint8Array(2 * 1024 * 1024)), 1009)
  })

  it('deeply nested awareness JSON closes its socket and the next joiner still syncs', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const entry = encoding.createEncoder()
    encoding.writeVarUint(entry, 1)
    encoding.writeVarUint(entry, 777)
    encoding.writeVarUint(entry, 1)
    encoding.writeVarString(entry, deep)
    const frame = encoding.createEncoder()
    encoding.writeVarUint(frame, 1)
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(entry))
    await sendAndExpectClose(encoding.toUint8Array(frame), CloseCodes.malformed.code)
    // §6.1 B15: the next joiner syncs in < 1 s.
    const joiner = connectClient(server.url, ROOM, await roomToken(ROOM, { name: 'Joiner', sub: 'user-j' }))
    try {
      await waitForSynced(joiner, 1_000)
    } finally {
      joiner.destroy()
    }
  })

  it('200 random 1 KB sync step 2 and update payloads close the sender and change nothing', async () => {
    // §6.1 B6: garbage that reaches Y.applyUpdate must hit the error path, not be half-applied.
    // Seeded, so a failure names the exact bytes; one socket sends all 200 back to back.
    const rng = new Rng(60601)
    const frames = Array.from({ length: 200 }, (_, i) => {
      const payload = new Uint8Array(1024)
      for (let b = 0; b < payload.length; b++) payload[b] = rng.int(256)
      return syncMessage(i % 2 === 0 ? 2 : 1, payload)
    })
    const socket = rawSocket(server.url, ROOM, await roomToken(ROOM, { name: 'Garbage', sub: 'user-g' }))
    await socket.opened
    await assertSurvives({
      server,
      room: ROOM,
      bystanders: [bystander, bystander2],
      offender: socket,
      attack: (s) => {
        for (const frame of frames) s.ws.send(frame)
      },
      closeCode: CloseCodes.malformed.code,
    })
    await survivors()
  })

  it('a message flood is closed with 4429', async () => {
    const socket = rawSocket(server.url, ROOM, await roomToken(ROOM, { name: 'Flood', sub: 'user-f' }))
    await socket.opened
    const frame = new Uint8Array([3]) // query-awareness: valid and cheap
    for (let i = 0; i < 2_000 && socket.ws.readyState === socket.ws.OPEN; i++) socket.ws.send(frame)
    expect((await socket.closed).code).toBe(CloseCodes.rateLimited.code)
    await survivors()
  })
})

describe('sockets per address', () => {
  it('the socket over maxConnectionsPerIp is closed with 4429 and the others keep syncing', async () => {
    const capped = await startSyncServer({ limits: { maxConnectionsPerIp: 4 } })
    const clients: Client[] = []
    try {
      for (let i = 0; i < 4; i++) clients.push(connectClient(capped.url, ROOM, await roomToken(ROOM, { name: `C${i}`, sub: `user-c${i}` })))
      await Promise.all(clients.map((c) => waitForSynced(c)))
      const extra = rawSocket(capped.url, ROOM, await roomToken(ROOM, { name: 'Fifth', sub: 'user-c5' }))
      expect((await extra.closed).code).toBe(CloseCodes.rateLimited.code)
      clients[0]!.doc.getMap('probe').set('after', 1)
      await waitFor(() => clients.every((c) => c.doc.getMap('probe').get('after') === 1), 'the four still sync')
      expect(clients.every((c) => c.provider.wsconnected)).toBe(true)
    } finally {
      for (const c of clients) c.destroy()
      await capped.close()
    }
  })
})
