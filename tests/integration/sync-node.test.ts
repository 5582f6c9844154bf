// The sync node with stock y-websocket clients: convergence, roles, tokens, origins, presence
// identity, unloading and revocation. Persistence, bad input and relay have their own files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { CONTROL_CHANNEL } from '@/lib/rooms/bus'
import {
  OLD_KEY,
  activeTimeouts,
  connectClient,
  rawSocket,
  roomToken,
  startSyncServer,
  upgradeStatus,
  waitFor,
  waitForSynced,
  type Client,
  type SyncServer,
} from '../helpers/sync-harness'

let server: SyncServer
const clients: Client[] = []

function client(room: string, token: string, params: Record<string, string> = {}): Client {
  const c = connectClient(server.url, room, token, params)
  clients.push(c)
  return c
}

beforeEach(async () => {
  server = await startSyncServer()
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

describe('sync node', () => {
  it('two stock clients converge', async () => {
    const a = client('room1', await roomToken('room1', { name: 'Ada' }))
    const b = client('room1', await roomToken('room1', { name: 'Bob' }))
    await Promise.all([waitForSynced(a), waitForSynced(b)])
    a.doc.getMap('m').set('from-a', 1)
    b.doc.getMap('m').set('from-b', 2)
    await waitFor(() => a.doc.getMap('m').size === 2 && b.doc.getMap('m').size === 2, 'both keys on both clients')
    expect(a.doc.getMap('m').toJSON()).toEqual(b.doc.getMap('m').toJSON())
  })

  it("a viewer's writes are dropped and the viewer still receives the editor's edits", async () => {
    const editor = client('room2', await roomToken('room2', { role: 'editor' }))
    const viewer = client('room2', await roomToken('room2', { role: 'viewer', name: 'Vic' }))
    await Promise.all([waitForSynced(editor), waitForSynced(viewer)])
    viewer.doc.getMap('m').set('viewer-write', true)
    editor.doc.getMap('m').set('editor-write', true)
    await waitFor(() => viewer.doc.getMap('m').get('editor-write') === true, 'viewer sees the edit')
    // A late joiner shows what the room holds: the editor's key, never the viewer's.
    const late = client('room2', await roomToken('room2', { name: 'Late' }))
    await waitForSynced(late)
    await waitFor(() => late.doc.getMap('m').get('editor-write') === true, 'late joiner synced')
    expect(late.doc.getMap('m').has('viewer-write')).toBe(false)
    expect(editor.doc.getMap('m').has('viewer-write')).toBe(false)
    expect(viewer.provider.wsconnected).toBe(true)
  })

  it.each([
    ['expired', async () => roomToken('room3', { now: Date.now() - 3_600_000, ttl: 60 })],
    ['forged', async () => roomToken('room3', { key: { kid: 'test-k1', secret: 'not-the-secret-0123456789abcdef0123456789' } })],
    ['wrong-room', async () => roomToken('other-room')],
    ['unknown-kid', async () => roomToken('room3', { key: { kid: 'nope', secret: 'x'.repeat(40) } })],
    ['empty', async () => ''],
  ])('a %s token is closed with 4401', async (_name, makeToken) => {
    const socket = rawSocket(server.url, 'room3', await makeToken())
    const { code } = await socket.closed
    expect(code).toBe(CloseCodes.unauthorized.code)
    expect(server.node.stats().rooms).toBe(0)
  })

  it('a token signed with the previous key is accepted', async () => {
    const c = client('room3b', await roomToken('room3b', { key: OLD_KEY }))
    await waitForSynced(c)
  })

  it('a bad Origin gets HTTP 403; same-host and allowed origins are accepted', async () => {
    const token = await roomToken('room4')
    const target = `${server.url}/room4?token=${token}`
    expect(await upgradeStatus(target, { origin: 'https://evil.example' })).toBe(403)
    const same = rawSocket(server.url, 'room4', token, { origin: `http://127.0.0.1:${server.port}` })
    await same.opened
    const allowed = rawSocket(server.url, 'room4', token, { origin: 'https://allowed.example' })
    await allowed.opened
    same.ws.close()
    allowed.ws.close()
  })

  it('an invalid room name gets HTTP 400', async () => {
    expect(await upgradeStatus(`${server.url}/bad.room!?token=x`)).toBe(400)
  })

  it('awareness cannot claim another clientID or a fake name', async () => {
    const room = 'room5'
    const ada = client(room, await roomToken(room, { name: 'Ada', color: '#112233' }))
    const bob = client(room, await roomToken(room, { name: 'Bob', sub: 'user-bob' }))
    await Promise.all([waitForSynced(ada), waitForSynced(bob)])
    ada.provider.awareness.setLocalState({ user: { name: 'Admin' }, presence: { userName: 'Admin', color: '#000000', x: 1 } })
    await waitFor(() => {
      const state = bob.provider.awareness.getStates().get(ada.doc.clientID)
      return state?.presence?.x === 1
    }, 'bob sees ada')
    const seen = bob.provider.awareness.getStates().get(ada.doc.clientID)
    expect(seen?.user).toEqual({ name: 'Ada', color: '#112233', role: 'editor' })
    expect(seen?.presence).toMatchObject({ userName: 'Ada', color: '#112233', x: 1 })

    // Mallory first claims Ada's clientID with a higher clock, then speaks for herself posing as Ada.
    const mallory = rawSocket(server.url, room, await roomToken(room, { name: 'Mallory', sub: 'user-m' }))
    await mallory.opened
    mallory.ws.send(awarenessFrameOf(ada.doc.clientID, 9_999, { user: { name: 'Ada' }, presence: { x: 666 } }))
    mallory.ws.send(awarenessFrameOf(4242, 1, { user: { name: 'Ada', color: '#112233' }, presence: { userName: 'Ada', x: 7 } }))
    await waitFor(() => bob.provider.awareness.getStates().get(4242)?.presence?.x === 7, "bob sees mallory's own state")
    expect(bob.provider.awareness.getStates().get(4242)?.user).toEqual({ name: 'Mallory', color: '#336699', role: 'editor' })
    expect(bob.provider.awareness.getStates().get(4242)?.presence?.userName).toBe('Mallory')
    expect(bob.provider.awareness.getStates().get(ada.doc.clientID)?.presence?.x).toBe(1)
    mallory.ws.close()
  })

  it('the room unloads and clears its timers after the last client leaves', async () => {
    const baseline = activeTimeouts()
    const a = client('room6', await roomToken('room6'))
    await waitForSynced(a)
    a.doc.getMap('m').set('k', 'v')
    await waitFor(() => server.node.stats().pendingBytes === 0, 'batch committed')
    expect(server.node.stats().rooms).toBe(1)
    a.destroy()
    await waitFor(() => server.node.stats().rooms === 0, 'room unloaded')
    expect(server.node.stats()).toMatchObject({ rooms: 0, connections: 0, roomTimers: 0 })
    await waitFor(() => activeTimeouts() <= baseline, 'no timers left behind')
  })

  it('a revoked share closes its sockets with 4403 and its replayed token is refused', async () => {
    const room = 'room7'
    const shared = await roomToken(room, { sid: 'share-1', name: 'Guest', sub: 'share:share-1' })
    const other = client(room, await roomToken(room, { name: 'Owner' }))
    const guest = rawSocket(server.url, room, shared)
    await guest.opened
    await waitForSynced(other)
    const bus = server.hub.connect()
    await bus.publish(CONTROL_CHANNEL, new TextEncoder().encode(JSON.stringify({ type: 'share-revoked', boardId: room, shareId: 'share-1' })))
    expect((await guest.closed).code).toBe(CloseCodes.forbidden.code)
    const replay = rawSocket(server.url, room, shared)
    expect((await replay.closed).code).toBe(CloseCodes.forbidden.code)
    expect(other.provider.wsconnected).toBe(true)
    await bus.close()
  })

  it('a deleted board closes its sockets with 4403', async () => {
    const socket = rawSocket(server.url, 'room8', await roomToken('room8'))
    await socket.opened
    await waitFor(() => server.node.stats().rooms === 1 && server.node.stats().loadingRooms === 0, 'room loaded')
    const bus = server.hub.connect()
    await bus.publish(CONTROL_CHANNEL, new TextEncoder().encode(JSON.stringify({ type: 'board-deleted', boardId: 'room8' })))
    expect((await socket.closed).code).toBe(CloseCodes.forbidden.code)
    expect(server.node.stats().rooms).toBe(0)
    await bus.close()
  })

  it('the node heartbeats into the registry and deregisters on close', async () => {
    const live = await server.registry.liveNodes()
    expect(live.map((n) => n.id)).toContain(server.node.id)
    await server.close()
    expect(await server.registry.liveNodes()).toEqual([])
  })
})

function awarenessFrameOf(clientId: number, clock: number, state: unknown): Uint8Array {
  const entry = encoding.createEncoder()
  encoding.writeVarUint(entry, 1)
  encoding.writeVarUint(entry, clientId)
  encoding.writeVarUint(entry, clock)
  encoding.writeVarString(entry, JSON.stringify(state))
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(entry))
  return encoding.toUint8Array(frame)
}
