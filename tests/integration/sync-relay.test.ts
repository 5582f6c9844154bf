// Two sync nodes on one MemoryBusHub (the embedded stand-in for Redis pub/sub) holding the same
// room: updates and presence relay both ways, a late node catches up by state-vector exchange,
// viewer writes are dropped on every node, and the periodic resync heals what the bus lost
// without re-sending what it is still carrying (L8).
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { classifyFrame, type Frame } from '@/lib/protocol/frame'
import type { BusMessage, RoomBus, Unsubscribe } from '@/lib/rooms/bus'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
import type { NodeTuning } from '@/server/node'
import { MemoryRoomLock } from '@/server/room-lock'
import { connectClient, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type SyncServer } from '../helpers/sync-harness'

const servers: SyncServer[] = []
const clients: Client[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function twoNodes(): Promise<[SyncServer, SyncServer, MemoryUpdateLog]> {
  const hub = new MemoryBusHub()
  const registry = new MemoryRegistry()
  const updateLog = new MemoryUpdateLog()
  const lock = new MemoryRoomLock()
  const a = await startSyncServer({ hub, registry, updateLog, lock, id: 'node-a' })
  const b = await startSyncServer({ hub, registry, updateLog, lock, id: 'node-b' })
  servers.push(a, b)
  return [a, b, updateLog]
}

/** Pub/sub with a network's delay that can lose an update, as Redis pub/sub may (at most once). */
class LaggyBus implements RoomBus {
  /** The kind of every frame this node published. */
  readonly sent: Frame['kind'][] = []
  loseNextUpdate = false
  lost = 0

  constructor(
    private readonly inner: RoomBus,
    private readonly delayMs: number,
  ) {}

  async publish(channel: string, message: BusMessage): Promise<void> {
    const { kind } = classifyFrame(message)
    if (kind === 'update' && this.loseNextUpdate) {
      this.loseNextUpdate = false
      this.lost++
      return
    }
    this.sent.push(kind)
    setTimeout(() => void this.inner.publish(channel, message), this.delayMs)
  }

  subscribe(channel: string, handler: (message: BusMessage) => void): Promise<Unsubscribe> {
    return this.inner.subscribe(channel, handler)
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}

async function laggyNodes(delayMs: number, tuning: Partial<NodeTuning>): Promise<Array<{ server: SyncServer; bus: LaggyBus }>> {
  const hub = new MemoryBusHub()
  const shared = { hub, registry: new MemoryRegistry(), updateLog: new MemoryUpdateLog(), lock: new MemoryRoomLock(), tuning }
  const nodes = []
  for (const id of ['node-a', 'node-b']) {
    const bus = new LaggyBus(hub.connect(), delayMs)
    const server = await startSyncServer({ ...shared, bus, id })
    servers.push(server)
    nodes.push({ server, bus })
  }
  return nodes
}

const count = (kinds: Frame['kind'][], kind: Frame['kind']): number => kinds.filter((k) => k === kind).length

function client(server: SyncServer, room: string, token: string): Client {
  const c = connectClient(server.url, room, token)
  clients.push(c)
  return c
}

describe('relay between nodes', () => {
  it('two nodes on one MemoryBusHub converge', async () => {
    const [a, b, log] = await twoNodes()
    const room = 'shared'
    const onA = client(a, room, await roomToken(room, { name: 'Ada' }))
    const onB = client(b, room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(onA), waitForSynced(onB)])
    onA.doc.getMap('m').set('a', 1)
    onB.doc.getMap('m').set('b', 2)
    await waitFor(() => onA.doc.getMap('m').size === 2 && onB.doc.getMap('m').size === 2, 'both edits on both nodes')
    expect(onA.doc.getMap('m').toJSON()).toEqual(onB.doc.getMap('m').toJSON())

    onA.provider.awareness.setLocalStateField('presence', { x: 5 })
    await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.presence?.x === 5, 'presence relayed')
    expect(onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name).toBe('Ada')

    // Each node persists only its own clients' updates, and together the log holds everything.
    await waitFor(() => a.node.stats().pendingBytes === 0 && b.node.stats().pendingBytes === 0, 'batches committed')
    await waitFor(() => {
      const stored = log.storedState(room)
      if (!stored) return false
      const doc = new Y.Doc()
      Y.applyUpdate(doc, stored)
      return doc.getMap('m').get('a') === 1 && doc.getMap('m').get('b') === 2
    }, 'the shared log holds both edits')
  })

  it('a node that loads the room later catches up from its peer before the peer has persisted', async () => {
    const [a, b, log] = await twoNodes()
    const room = 'late'
    log.appendDelayMs = 500 // node A's append is still in flight when B loads
    const onA = client(a, room, await roomToken(room))
    await waitForSynced(onA)
    onA.doc.getMap('m').set('early', 'yes')
    const onB = client(b, room, await roomToken(room, { sub: 'user-b' }))
    await waitForSynced(onB)
    await waitFor(() => onB.doc.getMap('m').get('early') === 'yes', 'B healed by state-vector exchange')
  })

  it('viewer writes are dropped on every node', async () => {
    const [a, b] = await twoNodes()
    const room = 'readonly'
    const editor = client(a, room, await roomToken(room))
    const viewer = client(b, room, await roomToken(room, { role: 'viewer', sub: 'user-v' }))
    await Promise.all([waitForSynced(editor), waitForSynced(viewer)])
    viewer.doc.getMap('m').set('viewer', true)
    editor.doc.getMap('m').set('editor', true)
    await waitFor(() => viewer.doc.getMap('m').get('editor') === true, 'viewer receives edits across nodes')
    const check = client(b, room, await roomToken(room, { sub: 'user-c' }))
    await waitForSynced(check)
    await waitFor(() => check.doc.getMap('m').get('editor') === true, 'check client synced')
    expect(check.doc.getMap('m').has('viewer')).toBe(false)
    expect(editor.doc.getMap('m').has('viewer')).toBe(false)
  })

  it('L8: a resync that meets updates still on the bus does not publish them again', async () => {
    // 40 ms on the bus and a resync every 50 ms: every state vector meets updates in flight.
    const [a, b] = await laggyNodes(40, { resyncMs: 50 })
    const room = 'in-flight'
    const onA = client(a!.server, room, await roomToken(room, { name: 'Ada' }))
    const onB = client(b!.server, room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(onA), waitForSynced(onB)])
    // Past the hello window of the two loads (settleMs), so only the periodic resync runs.
    await new Promise((r) => setTimeout(r, 2_100))
    const [fromA, fromB] = [a!.bus.sent.length, b!.bus.sent.length]
    const edits = 60
    for (let i = 0; i < edits; i++) {
      onA.doc.getMap('m').set(`a${i}`, i)
      onB.doc.getMap('m').set(`b${i}`, i)
      await new Promise((r) => setTimeout(r, 10))
    }
    await waitFor(() => onA.doc.getMap('m').size === 2 * edits && onB.doc.getMap('m').size === 2 * edits, 'both clients hold every edit')
    // A few more periods, in which the resyncs find both sides equal.
    await new Promise((r) => setTimeout(r, 300))
    const sent = [...a!.bus.sent.slice(fromA), ...b!.bus.sent.slice(fromB)]
    expect(count(sent, 'sync-step-1'), 'state vectors exchanged while edits were in flight').toBeGreaterThanOrEqual(20)
    // One publish per client edit: no diff answers, no state vectors asked back.
    expect(count(sent, 'update')).toBe(2 * edits)
    expect(onA.doc.getMap('m').toJSON()).toEqual(onB.doc.getMap('m').toJSON())
  }, 20_000)

  it('an update the bus lost reaches the other node by the periodic resync once it has settled', async () => {
    const [a, b] = await laggyNodes(5, { resyncMs: 200, settleMs: 300 })
    const room = 'lost'
    const onA = client(a!.server, room, await roomToken(room, { name: 'Ada' }))
    const onB = client(b!.server, room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(onA), waitForSynced(onB)])
    await new Promise((r) => setTimeout(r, 400))
    a!.bus.loseNextUpdate = true
    const lostAt = performance.now()
    onA.doc.getMap('m').set('lost', 'found')
    await waitFor(() => onB.doc.getMap('m').get('lost') === 'found', 'the lost edit reached B', 5_000)
    const healedMs = performance.now() - lostAt
    expect(a!.bus.lost).toBe(1)
    // Settled after 300 ms, asked for by B's next resync or the one after: well inside 2 periods + 2 windows.
    expect(healedMs).toBeLessThan(2 * 200 + 2 * 300 + 500)
    // And the edit B holds now came back as one diff answer from A.
    expect(count(a!.bus.sent, 'update')).toBe(1)
  })
})
