// Awareness fan-out under cursor traffic (rows-perf notes, matrix L1): a room coalesces awareness
// to one frame per tick (server/presence.ts AwarenessFanout) and stops publishing it on Redis while
// no other node listens on the room (RoomBus.hasPeers), yet a node that loads the room later sees
// every client's latest state and their moves from then on, both ways.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { RedisBus } from '@/lib/rooms/redis-bus'
import { AWARENESS_TICK_MS } from '@/server/presence'
import { roomChannel } from '@/server/relay'
import { MemoryRoomLock } from '@/server/room-lock'
import { startRedis, type TestRedis } from '../helpers/redis-server'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

let redis: TestRedis
const cleanup: Array<() => unknown> = []

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function node(id: string, updateLog: MemoryUpdateLog, lock: MemoryRoomLock): Promise<{ server: SyncServer; bus: RedisBus }> {
  const bus = new RedisBus({ url: redis.url, name: id })
  const server = await startSyncServer({ bus, updateLog, lock, id })
  cleanup.push(() => server.close())
  return { server, bus }
}

async function client(server: SyncServer, room: string, name: string): Promise<Client> {
  const c = connectClient(server.url, room, await roomToken(room, { name, sub: `user-${name}` }))
  cleanup.push(() => c.destroy())
  await waitForSynced(c)
  return c
}

const x = (c: Client, of: Client): unknown => (c.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x

describe('awareness relay under cursor traffic', () => {
  it('coalesces a burst of cursor moves into at most a frame per tick, ending on the latest state', async () => {
    const { server } = await node('aw-burst', new MemoryUpdateLog(), new MemoryRoomLock())
    const room = 'aw-burst'
    const mover = await client(server, room, 'mover')
    const watcher = await client(server, room, 'watcher')
    mover.provider.awareness.setLocalStateField('cursor', { x: 0 })
    await waitFor(() => x(watcher, mover) === 0, 'mover known')
    // The burst starts a tick after that frame, so its first move goes out at once (leading edge).
    await sleep(AWARENESS_TICK_MS)
    let frames = 0
    watcher.provider.awareness.on('update', ({ updated }: { updated: number[] }) => {
      if (updated.includes(mover.doc.clientID)) frames++
    })
    const started = performance.now()
    for (let i = 1; i <= 40; i++) mover.provider.awareness.setLocalStateField('cursor', { x: i })
    await waitFor(() => x(watcher, mover) === 40, 'the last move arrives')
    const ticks = Math.ceil((performance.now() - started) / AWARENESS_TICK_MS) + 1
    expect(frames).toBeLessThanOrEqual(Math.min(ticks, 5))
  })

  it('a room alone on its node stops publishing awareness; a node that joins later still sees it, both ways', async () => {
    const updateLog = new MemoryUpdateLog()
    const lock = new MemoryRoomLock()
    const a = await node('aw-a', updateLog, lock)
    const b = await node('aw-b', updateLog, lock)
    const room = 'aw-alone'
    const onA = await client(a.server, room, 'ada')
    const watcherA = await client(a.server, room, 'eve')
    // Two moves a tick apart: the first publish learns nobody else listens.
    onA.provider.awareness.setLocalStateField('cursor', { x: 1 })
    await sleep(AWARENESS_TICK_MS * 2)
    onA.provider.awareness.setLocalStateField('cursor', { x: 2 })
    await waitFor(() => !a.bus.hasPeers(roomChannel(room)), 'node A learns it is alone on the room')
    const sentBefore = a.server.node.stats().relay.sentMessages
    for (let i = 3; i <= 12; i++) {
      onA.provider.awareness.setLocalStateField('cursor', { x: i })
      await sleep(AWARENESS_TICK_MS)
    }
    await waitFor(() => x(watcherA, onA) === 12, 'same-node clients still see every tick')
    // ~10 ticks of moves; at most the once-a-second probe went to Redis.
    expect(a.server.node.stats().relay.sentMessages - sentBefore).toBeLessThanOrEqual(2)

    const onB = await client(b.server, room, 'bob')
    await waitFor(() => x(onB, onA) === 12, 'the joining node gets the latest state (query-awareness answer)', 3_000)
    onA.provider.awareness.setLocalStateField('cursor', { x: 13 })
    await waitFor(() => x(onB, onA) === 13, 'moves on A reach B', 2_000)
    onB.provider.awareness.setLocalStateField('cursor', { x: 99 })
    await waitFor(() => x(onA, onB) === 99, 'moves on B reach A', 2_000)
    expect(a.bus.hasPeers(roomChannel(room))).toBe(true)
  })
})
