// Reliability matrix D2: a power cut. With writers running the set workload
// (tests/helpers/acked-writers.ts), kill -9 at one instant both sync nodes, the web process,
// redis-server and every writer; restart the tier on the same SQLite file; then a fresh verifier
// must find every acked key, and SQLite must pass `PRAGMA integrity_check`. D2_CYCLES sets the
// number of cycles (10 in CI, ~10 s each, mostly the Next.js restart; 100 nightly). FAULT_SEED
// pins the seeded cycle lengths (printed).
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Rng } from '@/lib/sim/engine/rng'
import { boardWithEditorLink, lastSyncedNode, lookupWriter, startWriters, waitForWriters, workloadKeys } from '../helpers/acked-writers'
import { startCluster, type Cluster } from '../helpers/cluster'
import { openBoardStore, type BoardStore } from '../helpers/converge'

// RoomConnection is the browser's loop; in Node it needs `ws` as the global WebSocket.
const globals = globalThis as { WebSocket?: unknown }
globals.WebSocket ??= WebSocket

const CYCLES = Number(process.env.D2_CYCLES ?? 10)
const WRITERS = 10

let cluster: Cluster
let store: BoardStore

beforeAll(async () => {
  cluster = await startCluster(2, { webEnv: { TRUST_PROXY: '1' } })
  store = openBoardStore(cluster.databaseUrl)
}, 120_000)

afterAll(async () => {
  await store?.close()
  await cluster?.dispose()
})

describe('kill everything', () => {
  it(`D2: kill -9 of every process at once, ${CYCLES} times with writers running, loses no acked key and leaves SQLite intact`, async () => {
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31))
    const random = new Rng(seed)
    console.info(`D2: FAULT_SEED=${seed}, ${CYCLES} cycles`)
    const { boardId, share } = await boardWithEditorLink(cluster.web.baseUrl, 'power-cut')
    const connect = lookupWriter({ baseUrl: () => cluster.web.baseUrl, boardId, share })
    const everAcked = new Set<string>()

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // Fresh writer numbers each cycle, so every key is written by one client life only.
      const first = cycle * WRITERS
      const ids = Array.from({ length: WRITERS }, (_, i) => first + i)
      const writers = startWriters({ count: WRITERS, firstIndex: first, ratePerSec: 10, connect })
      try {
        await waitForWriters(writers, ids, (i) => lastSyncedNode(writers, i) !== undefined, `cycle ${cycle}: every writer synced`, 20_000)
        // The matrix writes 3–10 s per cycle; CI writes 1–3 s to keep ten cycles in budget.
        await new Promise((r) => setTimeout(r, 1_000 + random.next() * 2_000))
      } finally {
        writers.killClients()
        await cluster.killAll()
      }
      for (const key of writers.acked()) everAcked.add(key)
      const killedAfter = writers.sent().size

      const restartStarted = Date.now()
      await cluster.restartAll()
      const restartMs = Date.now() - restartStarted
      expect(await store.integrityCheck()).toBe('ok')

      // A fresh verifier through the restarted tier: the node loads the board from the log.
      const verifier = startWriters({ count: 1, firstIndex: 10_000, ratePerSec: 0, connect })
      try {
        await waitForWriters(verifier, [10_000], (i) => lastSyncedNode(verifier, i) !== undefined, `cycle ${cycle}: verifier synced`, 20_000)
        const seen = workloadKeys(verifier.docs()[0]!)
        const missing = [...everAcked].filter((k) => !seen.has(k))
        expect(missing, `cycle ${cycle}: ${missing.length} of ${everAcked.size} acked keys missing`).toEqual([])
        const stored = await store.storedDoc(boardId)
        const inDb = workloadKeys(stored)
        stored.destroy()
        expect([...everAcked].filter((k) => !inDb.has(k)), `cycle ${cycle}: acked keys missing from the database`).toEqual([])
        console.info(`D2 cycle ${cycle}: ${writers.acked().size}/${killedAfter} acked at the kill, ${everAcked.size} acked in all present; restart ${restartMs} ms`)
      } finally {
        await verifier.stop()
      }
    }
  }, 60_000 + CYCLES * 30_000)
})
