// Persistence through the real Prisma update log on a temp SQLite file: restarts, saved acks,
// compaction, failed loads, deleted boards, and edits a node never persisted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { messageSaved } from '@/lib/protocol/message-types'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { connectClient, rawSocket, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

let testDb: TestDb
const servers: SyncServer[] = []
const clients: Client[] = []

beforeAll(async () => {
  testDb = await createTestDb()
})
afterAll(async () => {
  await testDb?.dispose()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function start(updateLog: UpdateLog, options: Parameters<typeof startSyncServer>[0] = {}): Promise<SyncServer> {
  const server = await startSyncServer({ updateLog, ...options })
  servers.push(server)
  return server
}

function client(server: SyncServer, room: string, token: string, params: Record<string, string> = {}): Client {
  const c = connectClient(server.url, room, token, params)
  clients.push(c)
  return c
}

async function storedState(room: string): Promise<Y.Doc> {
  const loaded = await new PrismaUpdateLog(testDb.db).load(room)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeToSnapshot(loaded.snapshot, loaded.updates))
  return doc
}

describe('persistence', () => {
  it('a restart (new node on the same database) keeps the content', async () => {
    const room = await createBoard(testDb.db)
    const first = await start(new PrismaUpdateLog(testDb.db))
    const a = client(first, room, await roomToken(room))
    await waitForSynced(a)
    a.doc.getArray('list').push(['one', 'two'])
    await waitFor(() => first.node.stats().pendingBytes === 0 && first.node.roomStats(room)?.log.rows === 1, 'appended')
    a.destroy()
    await first.close()

    const second = await start(new PrismaUpdateLog(testDb.db))
    const b = client(second, room, await roomToken(room))
    await waitForSynced(b)
    expect(b.doc.getArray('list').toArray()).toEqual(['one', 'two'])
  })

  it('the saved ack arrives after the append commits, and the data is in the database', async () => {
    const room = await createBoard(testDb.db)
    const commits: number[] = []
    const inner = new PrismaUpdateLog(testDb.db)
    const recording: UpdateLog = {
      load: (r) => inner.load(r),
      compact: (r) => inner.compact(r),
      checkpoint: (r, state, at, meta) => inner.checkpoint(r, state, at, meta),
      readCheckpoint: (r, id) => inner.readCheckpoint(r, id),
      append: async (r, updates) => {
        await inner.append(r, updates)
        commits.push(performance.now())
      },
    }
    const server = await start(recording)
    const c = client(server, room, await roomToken(room), { saved: '1' })
    const acks: { at: number; sv: Map<number, number> }[] = []
    c.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== 1) return
      acks.push({ at: performance.now(), sv: Y.decodeStateVector(decoding.readVarUint8Array(decoder)) })
    }
    await waitForSynced(c)
    c.doc.getMap('m').set('saved-key', 42)
    const clock = Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(c.doc.clientID) ?? 0
    await waitFor(() => acks.some((a) => (a.sv.get(c.doc.clientID) ?? 0) >= clock), 'ack covering the edit')
    const ack = acks.find((a) => (a.sv.get(c.doc.clientID) ?? 0) >= clock)
    expect(commits.length).toBeGreaterThan(0)
    expect(ack!.at).toBeGreaterThanOrEqual(commits[0]!)
    expect((await storedState(room)).getMap('m').get('saved-key')).toBe(42)

    // Later edits land in later batches, which start past clock 0: they must be acked too.
    for (let i = 0; i < 3; i++) {
      c.doc.getMap('m').set(`later-${i}`, i)
      const later = Y.getState(c.doc.store, c.doc.clientID)
      await waitFor(() => acks.some((a) => (a.sv.get(c.doc.clientID) ?? 0) >= later), `ack covering later edit ${i}`)
    }
  })

  it('compaction keeps the content and shrinks the rows', async () => {
    const room = await createBoard(testDb.db)
    const server = await start(new PrismaUpdateLog(testDb.db), { compaction: { maxRows: 10 }, tuning: { flushDelayMs: 1 } })
    const c = client(server, room, await roomToken(room))
    await waitForSynced(c)
    const text = c.doc.getText('t')
    for (let i = 0; i < 30; i++) {
      text.insert(text.length, `line ${i} `)
      await waitFor(() => server.node.stats().pendingBytes === 0, 'batch written', 2_000)
      await new Promise((resolve) => setImmediate(resolve))
    }
    text.delete(0, 7) // deleted content must be gone from the snapshot (gc)
    await waitFor(async () => (await testDb.db.boardSnapshot.count({ where: { boardId: room } })) === 1, 'snapshot written')
    await waitFor(async () => (await testDb.db.boardUpdate.count({ where: { boardId: room } })) < 10, 'rows folded')
    const expected = text.toString()
    await waitFor(async () => (await storedState(room)).getText('t').toString() === expected, 'stored state matches')
  })

  it('a load failure closes clients with 4500 and never writes an empty document', async () => {
    const log = new MemoryUpdateLog()
    log.loadError = new Error('disk on fire')
    const server = await start(log)
    const socket = rawSocket(server.url, 'lost', await roomToken('lost'))
    expect((await socket.closed).code).toBe(CloseCodes.loadFailed.code)
    expect(socket.messages).toEqual([]) // not even a sync step 1 of an empty doc
    expect(log.appendCalls).toBe(0)
    expect(server.node.stats().rooms).toBe(0)
    log.loadError = undefined
    const retry = client(server, 'lost', await roomToken('lost'))
    await waitForSynced(retry)
  })

  it('a room answers no client until its stored state is loaded', async () => {
    const log = new MemoryUpdateLog()
    const seed = new Y.Doc()
    seed.getMap('m').set('stored', 'before')
    await log.append('slow', [Y.encodeStateAsUpdate(seed)])
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow: UpdateLog = { load: async (r) => (await gate, log.load(r)), append: (r, u) => log.append(r, u), compact: (r) => log.compact(r), checkpoint: (r, s, at, meta) => log.checkpoint(r, s, at, meta), readCheckpoint: (r, id) => log.readCheckpoint(r, id) }
    const server = await start(slow)
    const socket = rawSocket(server.url, 'slow', await roomToken('slow'))
    await socket.opened
    await waitFor(() => server.node.stats().loadingRooms === 1, 'room is loading')
    socket.ws.send(new Uint8Array([3])) // query-awareness: queued, not answered yet
    await new Promise((resolve) => setTimeout(resolve, 50)) // a window in which nothing may arrive
    expect(socket.messages).toEqual([])
    release()
    const c = client(server, 'slow', await roomToken('slow', { sub: 'user-2' }))
    await waitForSynced(c)
    expect(c.doc.getMap('m').get('stored')).toBe('before')
    await waitFor(() => socket.messages.length > 0, 'served after load')
    socket.ws.close()
  })

  it('a board that does not exist closes clients with 4403', async () => {
    const server = await start(new PrismaUpdateLog(testDb.db))
    const socket = rawSocket(server.url, 'no-such-board', await roomToken('no-such-board'))
    expect((await socket.closed).code).toBe(CloseCodes.forbidden.code)
  })

  it('an append to a deleted board closes the room with 4403', async () => {
    const room = await createBoard(testDb.db)
    const server = await start(new PrismaUpdateLog(testDb.db))
    const c = client(server, room, await roomToken(room))
    await waitForSynced(c)
    await testDb.db.board.delete({ where: { id: room } })
    c.doc.getMap('m').set('late', true)
    await waitFor(() => c.closeCodes.includes(CloseCodes.forbidden.code), 'closed with forbidden')
    expect(server.node.stats().rooms).toBe(0)
  })

  it('an edit the node never persisted is re-uploaded by the client on reconnect', async () => {
    const log = new MemoryUpdateLog()
    const first = await start(log, { tuning: { flushDeadlineMs: 0 } })
    const port = first.port
    const c = client(first, 'crashy', await roomToken('crashy'))
    await waitForSynced(c)
    log.appendError = new Error('database unavailable')
    c.doc.getMap('m').set('unsaved', 'still here')
    await waitFor(() => log.appendCalls > 0, 'append attempted')
    await first.close() // gives up at once: the edit exists only in the client now
    expect(log.storedState('crashy')).not.toBeNull()
    const before = new Y.Doc()
    Y.applyUpdate(before, log.storedState('crashy')!)
    expect(before.getMap('m').has('unsaved')).toBe(false)

    log.appendError = undefined
    await start(log, { port })
    await waitFor(() => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, log.storedState('crashy')!)
      return doc.getMap('m').get('unsaved') === 'still here'
    }, 'client re-uploaded the edit', 10_000)
  })
})
