// Roles and room tokens at the node (reliability.md §6.2 A1, A2, A7): a viewer's raw writes leave
// no trace in the room, the database log or any peer; tampered and out-of-bounds tokens are
// refused. The node refuses a token with close 4401 after the upgrade, not an HTTP 401, on
// purpose (server/node.ts #admit: a browser cannot read an upgrade's status, only a close code).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { SignJWT } from 'jose'
import { ROOM_TOKEN_ISSUER } from '@/lib/auth/room-token'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { awarenessFrame, syncFrame, updateFrame } from '@/server/relay'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { OLD_KEY, TEST_KEY, connectClient, rawSocket, roomToken, startSyncServer, waitFor, waitForSynced, type Client, type RawSocket, type SyncServer } from '../helpers/sync-harness'
import { snapshotRoom } from '../helpers/survival'

let server: SyncServer
let testDb: TestDb
const clients: Client[] = []

beforeAll(async () => {
  testDb = await createTestDb()
  server = await startSyncServer({ updateLog: new PrismaUpdateLog(testDb.db) })
})

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.close()
  await testDb?.dispose()
})

function contentUpdate(key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, `written by ${key}`)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

function ownAwareness(clientId: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarString(encoder, JSON.stringify(state))
  return awarenessFrame(encoding.toUint8Array(encoder))
}

const has = (socket: RawSocket, text: string) => socket.messages.some((m) => Buffer.from(m).includes(text))

describe('a viewer cannot write (A1)', () => {
  it("a viewer's raw sync step 2, update and awareness are not applied, broadcast or persisted; the viewer still receives", async () => {
    const room = await createBoard(testDb.db)
    const editor = connectClient(server.url, room, await roomToken(room, { name: 'Ed', sub: 'user-ed' }))
    clients.push(editor)
    await waitForSynced(editor)
    editor.doc.getMap('m').set('seed', 'by the editor')
    const observer = rawSocket(server.url, room, await roomToken(room, { name: 'Obs', sub: 'user-obs' }))
    await observer.opened
    const rows = () => testDb.db.boardUpdate.count({ where: { boardId: room } })
    await waitFor(async () => (await rows()) > 0, 'the seed edit is in the database')
    const before = await snapshotRoom(server, room)
    const rowsBefore = await rows()
    observer.messages.length = 0

    const viewer = rawSocket(server.url, room, await roomToken(room, { role: 'viewer', name: 'Vi', sub: 'user-vi' }))
    await viewer.opened
    viewer.ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep2(encoder, docWith('viewer-step2'))))
    viewer.ws.send(updateFrame(contentUpdate('viewer-update')))
    viewer.ws.send(ownAwareness(777_777, { presence: { note: 'viewer-awareness' } }))
    // The node handles a socket's frames in order: its answer to this step 1 means all were handled.
    viewer.ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc())))
    await waitFor(() => viewer.messages.some((m) => m[0] === 0 && m[1] === 1 && Buffer.from(m).includes('seed')), "the node answered the viewer's step 1")
    // And sends to each socket in order: once the observer sees this edit, any broadcast of the
    // viewer's frames would have arrived before it.
    editor.doc.getMap('m').set('after', 'after-marker')
    await waitFor(() => has(observer, 'after-marker') && has(viewer, 'after-marker'), 'observer and viewer receive the next edit')

    for (const text of ['viewer-step2', 'viewer-update', 'viewer-awareness']) expect(has(observer, text), `${text} broadcast`).toBe(false)
    expect([...editor.doc.getMap('m').keys()].sort()).toEqual(['after', 'seed'])
    expect(editor.provider.awareness.getStates().has(777_777)).toBe(false)
    const after = await snapshotRoom(server, room)
    const withoutAfter = Y.decodeStateVector(after.stateVector)
    withoutAfter.set(editor.doc.clientID, Y.decodeStateVector(before.stateVector).get(editor.doc.clientID)!)
    expect(withoutAfter, 'state vector: only the editor advanced, by its one edit').toEqual(Y.decodeStateVector(before.stateVector))
    expect(Y.decodeStateVector(after.stateVector).get(editor.doc.clientID)).toBe(withoutAfter.get(editor.doc.clientID)! + 1)
    expect(await rows(), 'database rows: only the editor’s edit was appended').toBe(rowsBefore + 1)
    expect(server.node.roomStats(room)?.sessions).toBeGreaterThanOrEqual(3)
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN)
    viewer.ws.close()
    observer.ws.close()
  })
})

function docWith(key: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, key)
  return doc
}

/** Re-signs or re-encodes a token's parts: the tools of someone holding a viewer token. */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const parts = (token: string) => token.split('.') as [string, string, string]
const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>

async function signed(claims: Record<string, unknown>, header: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(new TextEncoder().encode(secret))
}

async function refused(room: string, token: string): Promise<void> {
  const socket = rawSocket(server.url, room, token)
  expect((await socket.closed).code).toBe(CloseCodes.unauthorized.code)
  expect(server.node.roomStats(room), 'no room loaded').toBeUndefined()
}

describe('tampered viewer tokens (A2)', () => {
  let room = ''
  beforeAll(async () => {
    room = await createBoard(testDb.db)
  })
  const viewerToken = () => roomToken(room, { role: 'viewer', name: 'Vi', sub: 'user-vi' })

  it.each([
    ['role viewer→editor in the payload, old signature', async () => {
      const [header, payload, signature] = parts(await viewerToken())
      return `${header}.${b64({ ...decodePart(payload), role: 'editor' })}.${signature}`
    }],
    ['role viewer→owner in the payload, old signature', async () => {
      const [header, payload, signature] = parts(await viewerToken())
      return `${header}.${b64({ ...decodePart(payload), role: 'owner' })}.${signature}`
    }],
    ['alg: none, no signature', async () => {
      const [header, payload] = parts(await viewerToken())
      return `${b64({ ...decodePart(header), alg: 'none' })}.${b64({ ...decodePart(payload), role: 'editor' })}.`
    }],
    ['HS512 with the right secret (algorithm pinned)', async () => {
      const claims = decodePart(parts(await viewerToken())[1])
      return new SignJWT({ ...claims, role: 'editor' }).setProtectedHeader({ alg: 'HS512', kid: TEST_KEY.kid }).sign(new TextEncoder().encode(TEST_KEY.secret))
    }],
    ['re-signed with a wrong key under the right kid', async () => {
      const claims = decodePart(parts(await viewerToken())[1])
      return signed({ ...claims, role: 'editor' }, { kid: TEST_KEY.kid }, 'a-guess-at-the-secret-0123456789abcdef0123')
    }],
    ["re-signed with the old key's secret under the current kid", async () => {
      const claims = decodePart(parts(await viewerToken())[1])
      return signed({ ...claims, role: 'editor' }, { kid: TEST_KEY.kid }, OLD_KEY.secret)
    }],
    ['another kid', async () => {
      const claims = decodePart(parts(await viewerToken())[1])
      return signed({ ...claims, role: 'editor' }, { kid: 'attacker-kid' }, 'attacker-secret-0123456789abcdef0123456789')
    }],
    ['no kid', async () => {
      const claims = decodePart(parts(await viewerToken())[1])
      return signed({ ...claims, role: 'editor' }, {}, TEST_KEY.secret)
    }],
  ])('%s: refused with 4401', async (_name, forge) => {
    await refused(room, await forge())
  })

  it('the untampered viewer token is accepted (the cases above fail for the tampering alone)', async () => {
    const socket = rawSocket(server.url, room, await viewerToken())
    await socket.opened
    await waitFor(() => socket.messages.length > 0, 'greeted')
    socket.ws.close()
  })
})

describe('token lifetime, issuer and keys (A7)', () => {
  // The verifier's tolerance (lib/auth/room-token.ts clockTolerance). The node reads time from its
  // clock, pinned here to a whole second so "exactly 5 s" means exactly that.
  const TOLERANCE_S = 5
  const NOW = 1_900_000_000_000
  let pinned: SyncServer

  beforeAll(async () => {
    const clock = { now: () => NOW, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) }
    pinned = await startSyncServer({ clock, tokenKeys: [TEST_KEY] })
  })

  afterAll(async () => {
    await pinned?.close()
  })

  /** A token that expired `ago` seconds before the node's now. */
  const expiredAgo = (room: string, ago: number) => roomToken(room, { now: NOW - 60_000, ttl: 60 - ago })

  it.each([
    [TOLERANCE_S - 1, 'accepted'],
    [TOLERANCE_S, 'refused'],
    [TOLERANCE_S + 1, 'refused'],
  ] as const)('a token that expired %i s ago is %s', async (ago, verdict) => {
    const room = `a7-exp-${ago}`
    const socket = rawSocket(pinned.url, room, await expiredAgo(room, ago))
    if (verdict === 'accepted') {
      await socket.opened
      await waitFor(() => socket.messages.length > 0, 'greeted')
      socket.ws.close()
    } else {
      expect((await socket.closed).code).toBe(CloseCodes.unauthorized.code)
    }
  })

  it.each([
    ['another issuer', { iss: 'someone-else' }],
    ['no issuer', { iss: undefined }],
    ['another audience (a token for room X used on room Y)', { aud: 'a7-other-room' }],
    ['several audiences', { aud: ['a7-claims', 'a7-other-room'] }],
  ])('%s: refused with 4401', async (_name, override) => {
    const room = 'a7-claims'
    const claims = { ...decodePart(parts(await roomToken(room, { now: NOW }))[1]), ...override }
    const token = await signed(Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)), { kid: TEST_KEY.kid }, TEST_KEY.secret)
    const socket = rawSocket(pinned.url, room, token)
    expect((await socket.closed).code).toBe(CloseCodes.unauthorized.code)
    expect(pinned.node.roomStats(room)).toBeUndefined()
  })

  it('a key rotated out (no longer in the node’s list after the overlap) is refused; the current key is accepted', async () => {
    const room = 'a7-rotated'
    const old = rawSocket(pinned.url, room, await roomToken(room, { now: NOW, key: OLD_KEY }))
    expect((await old.closed).code).toBe(CloseCodes.unauthorized.code)
    const current = rawSocket(pinned.url, room, await roomToken(room, { now: NOW }))
    await current.opened
    current.ws.close()
  })

  it('sanity: the same claims signed properly are accepted, so the refusals above are about the claim', async () => {
    const room = 'a7-claims-ok'
    const claims = decodePart(parts(await roomToken(room, { now: NOW }))[1])
    expect(claims.iss).toBe(ROOM_TOKEN_ISSUER)
    const socket = rawSocket(pinned.url, room, await signed(claims, { kid: TEST_KEY.kid }, TEST_KEY.secret))
    await socket.opened
    socket.ws.close()
  })
})
