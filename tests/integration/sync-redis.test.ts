// Two in-process sync nodes, each with its own RedisBus on one real redis-server: stock clients on
// different nodes converge, presence crosses nodes, and a Redis restart in the middle of edits
// heals through the bus's reconnect signal (not the 10 s anti-entropy tick, which stays at its
// default here so the test would time out without it).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { RedisBus } from '@/lib/rooms/redis-bus'
import { MemoryRoomLock } from '@/server/room-lock'
import { startRedis, type TestRedis } from '../helpers/redis-server'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

let redis: TestRedis
const servers: SyncServer[] = []
const clients: Client[] = []

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function twoNodes(): Promise<[SyncServer, SyncServer, RedisBus, RedisBus]> {
  const updateLog = new MemoryUpdateLog()
  const lock = new MemoryRoomLock()
  const busA = new RedisBus({ url: redis.url, name: 'node-a' })
  const busB = new RedisBus({ url: redis.url, name: 'node-b' })
  const a = await startSyncServer({ bus: busA, updateLog, lock, id: 'node-a' })
  const b = await startSyncServer({ bus: busB, updateLog, lock, id: 'node-b' })
  servers.push(a, b)
  return [a, b, busA, busB]
}

function client(server: SyncServer, room: string, token: string): Client {
  const c = connectClient(server.url, room, token)
  clients.push(c)
  return c
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN
}

describe('sync nodes relaying through Redis', () => {
  it('clients on different nodes converge (and the relay latency is printed)', async () => {
    const [a, b] = await twoNodes()
    const room = 'redis-converge'
    const onA = client(a, room, await roomToken(room, { name: 'Ada' }))
    const onB = client(b, room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(onA), waitForSynced(onB)])

    onA.doc.getMap('m').set('a', 1)
    onB.doc.getMap('m').set('b', 2)
    await waitFor(() => onA.doc.getMap('m').size === 2 && onB.doc.getMap('m').size === 2, 'both edits on both nodes', 2_000)
    expect(onA.doc.getMap('m').toJSON()).toEqual(onB.doc.getMap('m').toJSON())

    // Client A -> node A -> Redis -> node B -> client B, one edit at a time.
    const latencies: number[] = []
    for (let i = 0; i < 30; i++) {
      // Timed by B's map observer, not a poll, so the number is the relay's, not the test's.
      const lat = onB.doc.getMap('lat')
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`edit ${i} did not cross nodes within 2 s`)), 2_000)
        const observer = (): void => {
          if (lat.get('i') !== i) return
          clearTimeout(timer)
          lat.unobserve(observer)
          resolve(performance.now())
        }
        lat.observe(observer)
      })
      const started = performance.now()
      onA.doc.getMap('lat').set('i', i)
      latencies.push((await arrived) - started)
    }
    latencies.sort((x, y) => x - y)
    console.log(
      `cross-node relay latency over Redis (client->node->redis->node->client, 30 sequential edits): ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(1)} ms`,
    )
    expect(percentile(latencies, 50)).toBeLessThan(500)
  })

  it('awareness crosses nodes', async () => {
    const [a, b] = await twoNodes()
    const room = 'redis-presence'
    const onA = client(a, room, await roomToken(room, { name: 'Ada' }))
    const onB = client(b, room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(onA), waitForSynced(onB)])
    onA.provider.awareness.setLocalStateField('presence', { x: 5 })
    await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.presence?.x === 5, 'presence A -> B', 2_000)
    expect(onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name).toBe('Ada')
    onB.provider.awareness.setLocalStateField('presence', { x: 7 })
    await waitFor(() => onA.provider.awareness.getStates().get(onB.doc.clientID)?.presence?.x === 7, 'presence B -> A', 2_000)
  })

  it('after redis-server is restarted during edits, all clients converge', async () => {
    const [a, b, busA, busB] = await twoNodes()
    const room = 'redis-restart'
    const onA = [client(a, room, await roomToken(room, { name: 'A1' })), client(a, room, await roomToken(room, { name: 'A2', sub: 'a2' }))]
    const onB = [client(b, room, await roomToken(room, { name: 'B1', sub: 'b1' })), client(b, room, await roomToken(room, { name: 'B2', sub: 'b2' }))]
    const all = [...onA, ...onB]
    await Promise.all(all.map((c) => waitForSynced(c)))
    let reconnects = 0
    busA.onReconnect(() => reconnects++)
    busB.onReconnect(() => reconnects++)

    // Every client edits its own keys every 10 ms while Redis goes away and comes back.
    let stop = false
    let written = 0
    const editing = all.map(async (c, index) => {
      for (let i = 0; !stop; i++) {
        c.doc.getMap('m').set(`c${index}-${i}`, i)
        written++
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 150))
    await redis.restart()
    await waitFor(() => reconnects === 2, 'both buses report the reconnect', 10_000)
    await new Promise((resolve) => setTimeout(resolve, 150))
    stop = true
    await Promise.all(editing)

    const started = performance.now()
    const expected = (): number => written
    await waitFor(() => all.every((c) => c.doc.getMap('m').size === expected()), 'every client has every edit', 5_000)
    console.log(
      `after the Redis restart: ${written} edits, ${busA.droppedMessages + busB.droppedMessages} relay messages dropped, ` +
        `4 clients converged ${(performance.now() - started).toFixed(0)} ms after edits stopped`,
    )
    const reference = onA[0]?.doc.getMap('m').toJSON()
    for (const c of all) expect(c.doc.getMap('m').toJSON()).toEqual(reference)
    // The outage really lost relay messages, so convergence came from the resync on reconnect.
    expect(busA.droppedMessages + busB.droppedMessages).toBeGreaterThan(0)
  })
})
