// Matrix F13 (docs/reliability.md): a room unloads a moment after its last client leaves (flush,
// final checkpoint, destroy) and the client comes back at any point of that: before the unload
// starts, during the flush, or after the room is gone and must be loaded again from the
// database. 50 seeded iterations with a 20 ms unload delay, on the real SQLite log and on a log
// whose appends take 40 ms (so returns also land mid-flush); each returning client must see
// every edit made so far, and the stored log must hold all of them at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { Rng } from '@/lib/sim/engine/rng'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced } from '../helpers/sync-harness'

const ITERATIONS = 50
const SEED = 1313

let testDb: TestDb
beforeAll(async () => {
  testDb = await createTestDb()
})
afterAll(async () => {
  await testDb?.dispose()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`)

async function storedKeys(log: UpdateLog, room: string): Promise<string[]> {
  const loaded = await log.load(room)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeToSnapshot(loaded.snapshot, loaded.updates))
  return [...doc.getMap('edits').keys()].sort()
}

describe('unload and reload race (F13)', () => {
  it.each([
    ['the SQLite log', 0],
    ['a log whose appends take 40 ms', 40],
  ])(`${ITERATIONS} leave-and-return cycles at 0-100 ms around a 20 ms unload lose no edit, on %s`, async (_name, appendDelayMs) => {
    let log: UpdateLog
    let room: string
    if (appendDelayMs === 0) {
      log = new PrismaUpdateLog(testDb.db)
      room = await createBoard(testDb.db)
    } else {
      const memory = new MemoryUpdateLog()
      memory.appendDelayMs = appendDelayMs
      log = memory
      room = 'slow-flush'
    }
    const server = await startSyncServer({ updateLog: log, tuning: { unloadDelayMs: 20 } })
    try {
      const rng = new Rng(SEED + appendDelayMs)
      // The room's state as each client returns: still 'ready', 'unloading', or gone.
      const seen = new Map<string, number>()
      for (let i = 0; i < ITERATIONS; i++) {
        const state = server.node.roomStats(room)?.state ?? 'gone'
        seen.set(state, (seen.get(state) ?? 0) + 1)
        const client = connectClient(server.url, room, await roomToken(room, { sub: `user-${i}` }))
        try {
          await waitForSynced(client)
          const map = client.doc.getMap<number>('edits')
          await waitFor(() => keys(i).every((k) => map.has(k)), `iteration ${i}: every earlier edit is back (room was ${state})`)
          map.set(`k${i}`, i)
        } finally {
          client.destroy()
        }
        await sleep(rng.int(101))
      }
      console.log(`F13 (${appendDelayMs} ms appends): room state as the client returned: ${JSON.stringify(Object.fromEntries(seen))}`)
      // The race was exercised: returns found the room gone (a reload) and still there.
      expect(seen.get('gone') ?? 0).toBeGreaterThan(0)
      expect(ITERATIONS - (seen.get('gone') ?? 0)).toBeGreaterThan(1)
      if (appendDelayMs > 0) expect(seen.get('unloading') ?? 0).toBeGreaterThan(0)

      await waitFor(() => !server.node.roomStats(room), 'the room unloads', 10_000)
      expect(await storedKeys(log, room)).toEqual(keys(ITERATIONS).sort())
    } finally {
      await server.close()
    }
  }, 120_000)
})
