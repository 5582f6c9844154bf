// Matrix D6 (docs/reliability.md): a tab that was offline for a long session comes back with a
// 5 MB backlog. Its catch-up (one sync step 2, under maxSyncStep2Bytes = 8 MiB) must be accepted
// whole, committed to the real SQLite log, acknowledged to the writer and relayed to the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { listenForSavedAcks } from '@/lib/board/saved-ack'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { Rng } from '@/lib/sim/engine/rng'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

let testDb: TestDb
let server: SyncServer
const clients: Client[] = []

beforeAll(async () => {
  testDb = await createTestDb()
  server = await startSyncServer({ updateLog: new PrismaUpdateLog(testDb.db) })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.close()
  await testDb?.dispose()
})

const ENTRIES = 500
const ENTRY_BYTES = 10 * 1024

/** Text that Yjs stores as is (no run-length shortcut), so 500 entries really are ~5 MB. */
function noise(rng: Rng): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'
  let s = ''
  for (let i = 0; i < ENTRY_BYTES; i++) s += chars[rng.int(chars.length)]
  return s
}

describe('offline backlog (D6)', () => {
  it('a 5 MB backlog made offline is accepted, stored, acknowledged and relayed on reconnect', async () => {
    const room = await createBoard(testDb.db)
    const writer = connectClient(server.url, room, await roomToken(room, { sub: 'user-w' }), { saved: '1' })
    const reader = connectClient(server.url, room, await roomToken(room, { sub: 'user-r' }))
    clients.push(writer, reader)
    const acks: Map<number, number>[] = []
    listenForSavedAcks(writer.provider, (sv) => acks.push(sv))
    await Promise.all([waitForSynced(writer), waitForSynced(reader)])

    writer.provider.disconnect()
    const rng = new Rng(5_000_000)
    const map = writer.doc.getMap<string>('backlog')
    for (let i = 0; i < ENTRIES; i++) map.set(`k${i}`, noise(rng))
    const backlogBytes = Y.encodeStateAsUpdate(writer.doc).byteLength
    expect(backlogBytes).toBeGreaterThan(5 * 1000 * 1000)
    const clock = Y.getState(writer.doc.store, writer.doc.clientID)

    const reconnectedAt = performance.now()
    writer.provider.connect()
    await waitFor(() => acks.some((sv) => (sv.get(writer.doc.clientID) ?? 0) >= clock), 'the backlog is acknowledged', 30_000)
    const ackMs = performance.now() - reconnectedAt
    await waitFor(() => reader.doc.getMap('backlog').size === ENTRIES, 'the reader has the backlog', 30_000)
    expect(writer.provider.wsconnected).toBe(true)

    const loaded = await new PrismaUpdateLog(testDb.db).load(room)
    const stored = new Y.Doc()
    Y.applyUpdate(stored, mergeToSnapshot(loaded.snapshot, loaded.updates))
    expect(stored.getMap('backlog').toJSON()).toEqual(map.toJSON())
    expect(reader.doc.getMap('backlog').toJSON()).toEqual(map.toJSON())
    console.log(`D6: ${(backlogBytes / 1e6).toFixed(2)} MB backlog acknowledged ${ackMs.toFixed(0)} ms after reconnect`)
  }, 60_000)
})
