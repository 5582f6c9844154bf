// Two sync nodes on one MemoryBusHub (the embedded stand-in for Redis pub/sub) holding the same
// room: updates and presence relay both ways, a late node catches up by state-vector exchange,
// and viewer writes are dropped on every node.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
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
})
