// Matrix row F10 (research/reliability.md §6): 1,000 stock clients over 100 rooms on two sync
// nodes that relay through a real Redis lose their sockets at the same instant (a fault proxy in
// front of each node resets every connection) and reconnect together. Every client must be
// resynced, including an edit made in each room while it was cut off, within 10 s; once they all
// leave, the nodes must be back to their baseline: no rooms, sockets or room timers, and memory
// near where it started.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { RedisBus } from '@/lib/rooms/redis-bus'
import { MemoryRoomLock } from '@/server/room-lock'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy'
import { startRedis, type TestRedis } from '../helpers/redis-server'
import { connectClient, roomToken, startSyncServer, waitFor, type Client, type SyncServer } from '../helpers/sync-harness'

const ROOMS = Number(process.env.STORM_ROOMS ?? 100)
const CLIENTS_PER_ROOM = 10
const RESYNC_BOUND_MS = 10_000

let redis: TestRedis
const nodes: Array<{ server: SyncServer; proxy: FaultProxy }> = []

beforeAll(async () => {
  redis = await startRedis()
  const updateLog = new MemoryUpdateLog()
  const lock = new MemoryRoomLock()
  for (const id of ['storm-a', 'storm-b']) {
    const server = await startSyncServer({
      bus: new RedisBus({ url: redis.url, name: id }),
      updateLog,
      lock,
      id,
      // Every client comes from 127.0.0.1 here; the per-address cap is not what this row tests.
      limits: { maxConnectionsPerIp: 10 * ROOMS * CLIENTS_PER_ROOM },
    })
    nodes.push({ server, proxy: await startFaultProxy(server.port) })
  }
})
afterAll(async () => {
  for (const { server, proxy } of nodes.splice(0)) {
    await proxy.close()
    await server.close()
  }
  await redis?.stop()
})

function totals(): { rooms: number; connections: number; roomTimers: number } {
  const stats = nodes.map(({ server }) => server.node.stats())
  const sum = (key: 'rooms' | 'connections' | 'roomTimers'): number => stats.reduce((n, s) => n + s[key], 0)
  return { rooms: sum('rooms'), connections: sum('connections'), roomTimers: sum('roomTimers') }
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`

/**
 * Live heap after a full GC. The nodes share this process with the clients, so RSS (which V8
 * rarely gives back) cannot say whether the nodes let go of their rooms; the live heap can.
 */
function liveHeap(): number {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
  return process.memoryUsage().heapUsed
}

describe('reconnect storm (matrix F10)', () => {
  it(`${ROOMS * CLIENTS_PER_ROOM} clients over ${ROOMS} rooms on 2 nodes drop at once: all resynced ≤ 10 s, resources back to baseline`, async () => {
    const baseline = { ...totals(), heap: liveHeap(), handles: process.getActiveResourcesInfo().length }
    const rooms = Array.from({ length: ROOMS }, (_, i) => `storm-${i}`)
    const clients: Client[][] = []
    for (const room of rooms) {
      const token = await roomToken(room, { name: 'Storm' })
      // Half of each room on either node, so every room also relays through Redis.
      clients.push(
        Array.from({ length: CLIENTS_PER_ROOM }, (_, i) => {
          const { proxy } = nodes[i % 2]!
          return connectClient(`ws://127.0.0.1:${proxy.port}/sync`, room, token)
        }),
      )
    }
    const all = clients.flat()
    try {
      await waitFor(() => all.every((c) => c.provider.synced), 'every client synced', 30_000)
      clients.forEach((group, i) => group[0]!.doc.getMap('m').set('before', i))
      await waitFor(() => clients.every((group, i) => group.every((c) => c.doc.getMap('m').get('before') === i)), 'seed edits everywhere', 10_000)
      const loadedHeap = liveHeap()

      const cut = Date.now()
      for (const { proxy } of nodes) proxy.reset()
      await waitFor(() => all.every((c) => !c.provider.wsconnected), 'every socket dropped', 5_000)
      // One client per room edits while cut off: resynced means this reached the whole room.
      clients.forEach((group, i) => group[1]!.doc.getMap('m').set('offline', i))
      await waitFor(
        () => all.every((c) => c.provider.synced) && clients.every((group, i) => group.every((c) => c.doc.getMap('m').get('offline') === i)),
        'every client reconnected, synced and holding its room\'s offline edit',
        RESYNC_BOUND_MS,
      )
      const resyncedMs = Date.now() - cut
      expect(resyncedMs).toBeLessThanOrEqual(RESYNC_BOUND_MS)

      const clientCount = all.length
      for (const c of all) c.destroy()
      // Let go of the client objects too, so the heap figure below is about the nodes.
      all.splice(0)
      clients.splice(0)
      await waitFor(() => {
        const now = totals()
        return now.rooms === baseline.rooms && now.connections === baseline.connections && now.roomTimers === baseline.roomTimers
      }, 'rooms, sockets and room timers back to baseline', 10_000)
      // Client-side resources (1,000 providers' timers and sockets) share this process: wait
      // for them to close too, then compare handles and memory with the baseline.
      await waitFor(() => process.getActiveResourcesInfo().length <= baseline.handles * 1.02 + 5, 'handles back to baseline', 10_000)
      const afterHeap = liveHeap()
      console.log(
        `F10: ${clientCount} clients / ${ROOMS} rooms resynced ${resyncedMs} ms after the cut; live heap ` +
          `${mb(baseline.heap)} before, ${mb(loadedHeap)} with clients, ${mb(afterHeap)} after they left; rss ${mb(process.memoryUsage().rss)}`,
      )
      // What stays is the stored boards in the in-memory update log, and a few MB of V8 noise.
      expect(afterHeap - baseline.heap).toBeLessThan(10 * 2 ** 20)
    } finally {
      for (const c of all) c.destroy()
    }
  })
})
