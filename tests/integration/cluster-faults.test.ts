// Process faults on the real scale-out topology (tests/helpers/cluster.ts: redis-server, a
// web-only server/main.ts and two server/sync-main.ts nodes on one SQLite file), driven by the
// set workload (tests/helpers/acked-writers.ts) through the browser's own reconnect loop.
// Reliability matrix rows F1/D1 (kill -9 of the room's owner), F11 (SIGTERM of the owner) and
// F9 (SIGSTOP of the owner); each ends with the CONVERGE check (tests/helpers/converge.ts).
// FAULT_SEED pins the random kill time of F1/D1; the seed in use is printed.
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { Rng } from '@/lib/sim/engine/rng'
import { boardWithEditorLink, describeHistory, lastSyncedNode, lookupWriter, resyncedAt, startWriters, waitForWriters, workloadKeys, type Writers } from '../helpers/acked-writers'
import { startCluster, type Cluster, type SyncProcess } from '../helpers/cluster'
import { waitFor } from '../helpers/sync-harness'
import { expectConverged, openBoardStore, type BoardStore } from '../helpers/converge'

// RoomConnection is the browser's loop; in Node it needs `ws` as the global WebSocket.
const globals = globalThis as { WebSocket?: unknown }
globals.WebSocket ??= WebSocket

let cluster: Cluster
let store: BoardStore

beforeAll(async () => {
  // Behind a "proxy": each writer is a distinct browser with its own lookup rate limit.
  cluster = await startCluster(2, { webEnv: { TRUST_PROXY: '1' } })
  store = openBoardStore(cluster.databaseUrl)
}, 120_000)

afterAll(async () => {
  await store?.close()
  await cluster?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function boardWriters(count: number, firstIndex = 0, board?: { boardId: string; share: string }) {
  const found = board ?? (await boardWithEditorLink(cluster.web.baseUrl, 'faults'))
  const writers = startWriters({
    count,
    firstIndex,
    ratePerSec: 10,
    // The browser's default backoff: the reconnect bound is the product's, not a test tuning.
    connect: lookupWriter({ baseUrl: () => cluster.web.baseUrl, boardId: found.boardId, share: found.share }),
  })
  return { ...found, writers }
}

function indexes(count: number, firstIndex = 0): number[] {
  return Array.from({ length: count }, (_, i) => firstIndex + i)
}

/** Nearest-rank percentile. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? NaN
}

async function allSynced(writers: Writers, ids: number[]): Promise<SyncProcess> {
  await waitForWriters(writers, ids, (i) => lastSyncedNode(writers, i) !== undefined, 'every writer synced', 20_000)
  const url = lastSyncedNode(writers, ids[0]!)!
  expect(ids.map((i) => lastSyncedNode(writers, i)), 'the lookup sends every writer to the same owner').toEqual(ids.map(() => url))
  const owner = cluster.nodeByUrl(url)
  expect(owner, 'the owner is one of the cluster nodes').toBeDefined()
  return owner!
}

/** The node the lookup names for a board right now. */
async function lookupFor(board: { boardId: string; share: string }): Promise<string | undefined> {
  const res = await fetch(`${cluster.web.baseUrl}/api/rooms/${board.boardId}?share=${encodeURIComponent(board.share)}`, { headers: { 'x-forwarded-for': '10.9.9.9' } })
  return res.ok ? roomLookupSchema.parse(await res.json()).url : undefined
}

/** Every acked key is in the stored board. */
async function expectAckedStored(boardId: string, acked: ReadonlySet<string>): Promise<void> {
  const doc = await store.storedDoc(boardId)
  const stored = workloadKeys(doc)
  doc.destroy()
  const lost = [...acked].filter((k) => !stored.has(k))
  expect(lost, `${lost.length} of ${acked.size} acked keys are missing from the database`).toEqual([])
}

describe('cluster faults', () => {
  it('F1/D1: kill -9 of the room owner at a random time: writers re-sync elsewhere (p99 ≤ 5 s), no acked key is lost, killed writers’ acked keys included, CONVERGE', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31))
    const random = new Rng(seed)
    // The matrix kills at 5–15 s; CI uses 2–5 s of steady writing to stay in its time budget.
    const killAfterMs = Math.round(2_000 + random.next() * 3_000)
    console.info(`F1/D1: FAULT_SEED=${seed}, kill -9 of the owner ${killAfterMs} ms into the writes`)

    const { boardId, share, writers } = await boardWriters(20)
    // D1's victims: five more writers on the same board, killed together with the node.
    const victims = (await boardWriters(5, 100, { boardId, share })).writers
    const survivorIds = indexes(20)
    let owner: SyncProcess | undefined
    try {
      const dead = await allSynced(writers, survivorIds)
      owner = dead
      await allSynced(victims, indexes(5, 100))
      await sleep(killAfterMs)
      const killedAt = Date.now()
      victims.killClients()
      await dead.kill()
      const victimAcked = new Set(victims.acked())
      const ackedAtKill = new Set(writers.acked())

      await waitForWriters(writers, survivorIds, (i) => resyncedAt(writers, i, killedAt, dead.url) !== undefined, 'every writer re-synced on another node', 30_000)
      const reconnectMs = survivorIds.map((i) => resyncedAt(writers, i, killedAt, dead.url)! - killedAt)
      console.info(
        `F1/D1: reconnect after kill -9: p50 ${percentile(reconnectMs, 0.5)} ms, p99 ${percentile(reconnectMs, 0.99)} ms; acked at the kill ${ackedAtKill.size} (+${victimAcked.size} by killed writers)`,
      )

      const slowest = survivorIds[reconnectMs.indexOf(Math.max(...reconnectMs))]!
      console.info(`F1/D1: slowest writer ${slowest}: ${describeHistory(writers, slowest, killedAt)}`)
      // A second of writing on the new owner, then every edit of a live writer must be acked.
      await sleep(1_000)
      const settled = await writers.settle(15_000)
      expect(settled, `${writers.sent().size - writers.acked().size} of ${writers.sent().size} edits never acked`).toBe(true)
      await expectAckedStored(boardId, new Set([...victimAcked, ...ackedAtKill, ...writers.acked()]))
      const convergedMs = await expectConverged({ clients: writers.docs(), stored: () => store.storedDoc(boardId) })
      console.info(`F1/D1: ${writers.acked().size} + ${victimAcked.size} acked keys all stored; CONVERGE in ${convergedMs} ms`)
      expect(percentile(reconnectMs, 0.99)).toBeLessThanOrEqual(5_000)
    } finally {
      await writers.stop()
      victims.killClients()
      await owner?.restart()
    }
  }, 90_000)

  it('F11: SIGTERM of the owner during writes closes every socket with 4409 "moved" within 5 s; writers move to the other node; nothing is lost; CONVERGE', async () => {
    const { boardId, writers } = await boardWriters(20)
    const ids = indexes(20)
    let owner: SyncProcess | undefined
    try {
      const stopping = await allSynced(writers, ids)
      owner = stopping
      await sleep(1_500)
      const stoppedAt = Date.now()
      const exited = stopping.stop().then(() => Date.now() - stoppedAt)
      const closedAt = (i: number) => writers.history(i).find((e) => e.state === 'waiting' && e.at >= stoppedAt)
      await waitForWriters(writers, ids, (i) => closedAt(i) !== undefined, 'every socket closed by the stopping node', 10_000)
      const closeMs = Math.max(...ids.map((i) => closedAt(i)!.at - stoppedAt))
      const exitMs = await exited
      // The product's code for "the room moved, look up again" (lib/protocol/close-codes.ts); the
      // matrix names 1012 (service restart), which the client would treat the same way.
      expect(new Set(ids.map((i) => closedAt(i)!.reason))).toEqual(new Set(['connection closed (4409: room moved, look up again)']))
      await waitForWriters(writers, ids, (i) => resyncedAt(writers, i, stoppedAt, stopping.url) !== undefined, 'every writer re-synced on the other node', 10_000)
      const moveMs = Math.max(...ids.map((i) => resyncedAt(writers, i, stoppedAt, stopping.url)! - stoppedAt))
      await sleep(1_000)
      const settled = await writers.settle(15_000)
      expect(settled, `${writers.sent().size - writers.acked().size} of ${writers.sent().size} edits never acked`).toBe(true)
      await expectAckedStored(boardId, writers.acked())
      const convergedMs = await expectConverged({ clients: writers.docs(), stored: () => store.storedDoc(boardId) })
      console.info(`F11: sockets closed ${closeMs} ms, process exited ${exitMs} ms, all writers re-synced ${moveMs} ms after SIGTERM; ${writers.acked().size} keys acked and stored; CONVERGE in ${convergedMs} ms`)
      expect(closeMs).toBeLessThanOrEqual(5_000)
      expect(exitMs).toBeLessThanOrEqual(5_000)
    } finally {
      await writers.stop()
      await owner?.restart()
    }
  }, 90_000)

  it('F9: SIGSTOP of the owner for 10 s: writers fail over within 5 s; after SIGCONT it holds no stale socket within 2 s, and writes through it and the other node converge with nothing lost', async () => {
    const { boardId, share, writers } = await boardWriters(20)
    const board = { boardId, share }
    const ids = indexes(20)
    let owner: SyncProcess | undefined
    try {
      const paused = await allSynced(writers, ids)
      owner = paused
      await sleep(1_500)
      const pausedAt = Date.now()
      paused.pause()
      await waitForWriters(writers, ids, (i) => resyncedAt(writers, i, pausedAt, paused.url) !== undefined, 'every writer re-synced on the other node', 15_000)
      const failoverMs = ids.map((i) => resyncedAt(writers, i, pausedAt, paused.url)! - pausedAt)
      const slowest = ids[failoverMs.indexOf(Math.max(...failoverMs))]!
      console.info(`F9: failover after SIGSTOP: p50 ${percentile(failoverMs, 0.5)} ms, max ${Math.max(...failoverMs)} ms; slowest writer ${slowest}: ${describeHistory(writers, slowest, pausedAt)}`)
      await sleep(Math.max(0, pausedAt + 10_000 - Date.now()))
      paused.resume()
      const resumedAt = Date.now()
      // Its clients gave it up while it was stopped; their close frames wait in its socket buffers.
      await waitFor(async () => (await paused.health()).connections === 0, 'the resumed node holds no stale sockets', 5_000)
      const staleMs = Date.now() - resumedAt
      // Nodes hold no ownership epoch, so nothing fences the resumed node: once it heartbeats
      // again the lookup names it for the room, and late joiners write there while the first
      // twenty stay on the other node. Both halves must end in one document. (Polled gently:
      // the lookup is rate-limited per client address.)
      const resumedBy = Date.now() + 10_000
      while ((await lookupFor(board)) !== paused.url) {
        if (Date.now() > resumedBy) throw new Error('the lookup never named the resumed node again')
        await sleep(250)
      }
      const late = startWriters({ count: 2, firstIndex: 200, ratePerSec: 10, connect: lookupWriter({ baseUrl: () => cluster.web.baseUrl, ...board }) })
      try {
        await waitForWriters(late, [200, 201], (i) => lastSyncedNode(late, i) === paused.url, 'late writers synced on the resumed node', 15_000)
        await sleep(1_000)
        const settled = (await Promise.all([writers.settle(15_000), late.settle(15_000)])).every(Boolean)
        const sent = writers.sent().size + late.sent().size
        const acked = writers.acked().size + late.acked().size
        expect(settled, `${sent - acked} of ${sent} edits never acked`).toBe(true)
        await expectAckedStored(boardId, new Set([...writers.acked(), ...late.acked()]))
        const convergedMs = await expectConverged({ clients: [...writers.docs(), ...late.docs()], stored: () => store.storedDoc(boardId) })
        console.info(`F9: stale sockets gone ${staleMs} ms after SIGCONT; ${acked} keys (${late.acked().size} through the resumed node) acked and stored; CONVERGE in ${convergedMs} ms`)
      } finally {
        await late.stop()
      }
      expect(Math.max(...failoverMs)).toBeLessThanOrEqual(5_000)
      expect(staleMs).toBeLessThanOrEqual(2_000)
    } finally {
      await writers.stop()
      owner?.resume()
    }
  }, 90_000)
})
