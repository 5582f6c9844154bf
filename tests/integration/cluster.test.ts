// Scale-out with real processes (tests/helpers/cluster.ts): redis-server, one web-only
// server/main.ts and three server/sync-main.ts nodes on one SQLite file. Covers cross-node relay,
// the lookup's owner pick, failover after kill -9 with nothing lost, and the lease-based move of
// rooms off a dead node and back.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { createShapeId, toRichText, type TLRecord } from '@tldraw/tlschema'
import { boardSchema } from '@/lib/board/record-checks'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PrismaClient } from '@/generated/sqlite/client'
import { recordsArray } from '@/lib/board/layout'
import { RoomConnection, type ConnectionState } from '@/lib/board/room-connection'
import { fetchRoomLookup } from '@/lib/board/room-lookup'
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'
import { startCluster, type Cluster } from '../helpers/cluster'
import { WebClient } from '../helpers/web-client'
import { connectClient, waitFor, waitForSynced, type Client } from '../helpers/sync-harness'

// RoomConnection is the browser's loop; in Node 20 it needs a global WebSocket (y-websocket
// reads the global when a provider is created), and `ws` is API-compatible.
const globals = globalThis as { WebSocket?: unknown }
globals.WebSocket ??= WebSocket

let cluster: Cluster
let db: PrismaClient

beforeAll(async () => {
  cluster = await startCluster(3)
  db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: cluster.databaseUrl, timeout: 10_000 }) })
}, 120_000)

afterAll(async () => {
  await db?.$disconnect()
  await cluster?.dispose()
})

let counter = 0
/** Signs up, signs in, creates a board and an editor share link; returns the board and link token. */
async function boardWithShare(): Promise<{ boardId: string; share: string }> {
  counter += 1
  const client = new WebClient(cluster.web.baseUrl)
  const email = `owner-${Date.now().toString(36)}-${counter}@example.test`
  const password = `pw-owner-${counter}-secret`
  expect((await client.json('/api/signup', 'POST', { email, name: `Owner ${counter}`, password })).status).toBe(201)
  const signedIn = await client.signIn(email, password)
  expect(signedIn.status).toBe(200)
  const created = await client.json('/api/boards', 'POST', { title: `cluster ${counter}` })
  expect(created.status).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const shared = await client.json(`/api/boards/${id}/shares`, 'POST', { role: 'editor' })
  expect(shared.status).toBe(201)
  const { token } = (await shared.json()) as { token: string }
  return { boardId: id, share: token }
}

async function lookup(boardId: string, share: string): Promise<RoomLookup> {
  const res = await fetch(`${cluster.web.baseUrl}/api/rooms/${boardId}?share=${encodeURIComponent(share)}`)
  expect(res.status).toBe(200)
  return roomLookupSchema.parse(await res.json())
}

const schema = boardSchema()

function shape(key: string): TLRecord {
  return schema.types.shape!.create({
    id: createShapeId(key),
    type: 'geo',
    parentId: 'page:page',
    index: 'a1',
    props: {
      geo: 'rectangle', w: 160, h: 80, richText: toRichText(key), color: 'black', labelColor: 'black',
      fill: 'none', dash: 'draw', size: 'm', font: 'draw', align: 'middle', verticalAlign: 'middle', growY: 0,
      url: '', scale: 1, flipX: false, flipY: false,
    },
  } as Parameters<NonNullable<typeof schema.types.shape>['create']>[0]) as TLRecord
}

function addShape(doc: Y.Doc, key: string): void {
  const record = shape(key)
  new YKeyValue<unknown>(recordsArray(doc)).set(record.id, record)
}

function keysOf(doc: Y.Doc): Set<string> {
  return new Set(recordsArray(doc).toArray().map((entry) => entry.key))
}

/** The board as stored: the compacted snapshot plus every log row, merged. */
async function storedDoc(boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const snapshot = await db.boardSnapshot.findUnique({ where: { boardId } })
  if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data))
  for (const row of await db.boardUpdate.findMany({ where: { boardId }, orderBy: { id: 'asc' } })) Y.applyUpdate(doc, new Uint8Array(row.data))
  return doc
}

type LoopClient = { doc: Y.Doc; conn: RoomConnection; state(): ConnectionState; urls: string[] }

/** The browser's own lookup-then-connect loop, re-resolving through the web tier on every retry. */
function loopClient(boardId: string, share: string): LoopClient {
  const doc = new Y.Doc()
  const urls: string[] = []
  let state: ConnectionState = { kind: 'looking-up' }
  const base = cluster.web.baseUrl
  const conn = new RoomConnection({
    boardId,
    shareToken: share,
    doc,
    awareness: new Awareness(doc),
    onState: (s) => (state = s),
    onLookup: (l) => void urls.push(l.url),
    lookup: (signal) => fetchRoomLookup(boardId, share, signal, (input, init) => fetch(`${base}${String(input)}`, init)),
    // Short windows: the test measures failover, not the production backoff.
    backoff: { baseMs: 200, capMs: 1_000, floorMs: 50 },
  })
  conn.start()
  return { doc, conn, state: () => state, urls }
}

describe('cluster', () => {
  it('relays edits and awareness between clients on two different nodes', async () => {
    const { boardId, share } = await boardWithShare()
    const found = await lookup(boardId, share)
    const [n1, n2] = cluster.nodes
    const a: Client = connectClient(n1!.url, found.room, found.token)
    const b: Client = connectClient(n2!.url, found.room, found.token)
    try {
      await Promise.all([waitForSynced(a, 10_000), waitForSynced(b, 10_000)])
      addShape(a.doc, 'from-a')
      addShape(b.doc, 'from-b')
      const both = (doc: Y.Doc): boolean => keysOf(doc).has('shape:from-a') && keysOf(doc).has('shape:from-b')
      await waitFor(() => both(a.doc) && both(b.doc), 'both edits on both nodes', 10_000)
      a.provider.awareness.setLocalStateField('presence', { name: 'A on node 1' })
      await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 'awareness of A reaches B', 10_000)
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toMatchObject({ presence: { name: 'A on node 1' } })
    } finally {
      a.destroy()
      b.destroy()
    }
  })

  it('fails over after kill -9 of the owner mid-burst without losing an edit', async () => {
    const { boardId, share } = await boardWithShare()
    const owner = cluster.nodeByUrl((await lookup(boardId, share)).url)
    expect(owner, 'the lookup names one of the nodes').toBeDefined()
    const a = loopClient(boardId, share)
    const b = loopClient(boardId, share)
    try {
      await waitFor(() => a.state().kind === 'synced' && b.state().kind === 'synced', 'both clients synced', 15_000)
      expect(a.urls.at(-1)).toBe(owner!.url)

      const made = new Set<string>()
      let i = 0
      let killedAt = 0
      const burstEnd = Date.now() + 3_000
      while (Date.now() < burstEnd) {
        for (const [label, client] of [['a', a], ['b', b]] as const) {
          const key = `${label}-${i}`
          addShape(client.doc, key)
          made.add(`shape:${key}`)
        }
        i++
        if (i === 10) {
          killedAt = Date.now()
          await owner!.kill()
        }
        await new Promise((r) => setTimeout(r, 30))
      }
      const moved = (c: LoopClient): boolean => c.state().kind === 'synced' && c.urls.at(-1) !== owner!.url
      await waitFor(() => moved(a) && moved(b), 'both clients re-synced on another node', 15_000)
      const failoverMs = Date.now() - killedAt
      console.info(`cluster failover: both clients re-synced on a new owner ${failoverMs} ms after kill -9`)
      expect(a.urls.at(-1)).toBe(b.urls.at(-1))

      const hasAll = (doc: Y.Doc): boolean => [...made].every((k) => keysOf(doc).has(k))
      await waitFor(() => hasAll(a.doc) && hasAll(b.doc), `all ${made.size} edits in both clients`, 10_000)
      await waitFor(async () => hasAll(await storedDoc(boardId)), `all ${made.size} edits in the database`, 15_000)
      expect(failoverMs).toBeLessThan(10_000)
    } finally {
      a.conn.destroy()
      b.conn.destroy()
      await owner?.restart()
    }
  }, 60_000)

  it('a graceful stop (SIGTERM) of the owner hands its clients to the next owner well inside the lease, losing nothing', async () => {
    const { boardId, share } = await boardWithShare()
    const owner = cluster.nodeByUrl((await lookup(boardId, share)).url)!
    const a = loopClient(boardId, share)
    try {
      await waitFor(() => a.state().kind === 'synced', 'client synced', 15_000)
      for (let i = 0; i < 20; i++) addShape(a.doc, `before-stop-${i}`)
      const stoppedAt = Date.now()
      await owner.stop()
      // The node deregisters before it closes sockets with "moved", so the next lookup already
      // names another node: no waiting out the 6 s lease as after a crash.
      await waitFor(() => a.state().kind === 'synced' && a.urls.at(-1) !== owner.url, 'client re-synced on another node', 10_000)
      const handoverMs = Date.now() - stoppedAt
      console.info(`cluster graceful stop: client re-synced on the next owner ${handoverMs} ms after SIGTERM`)
      expect(handoverMs).toBeLessThan(4_000)
      const keys = Array.from({ length: 20 }, (_, i) => `shape:before-stop-${i}`)
      await waitFor(async () => {
        const stored = keysOf(await storedDoc(boardId))
        return keys.every((k) => stored.has(k))
      }, 'every edit in the database', 10_000)
    } finally {
      a.conn.destroy()
      await owner.restart()
    }
  }, 60_000)

  it('moves rooms off a dead node within one lease and back when it returns', async () => {
    const { boardId, share } = await boardWithShare()
    // Wait until every node is registered again (the previous test restarted one).
    await waitFor(async () => cluster.nodeByUrl((await lookup(boardId, share)).url) !== undefined, 'lookup answers', 10_000)
    const owner = cluster.nodeByUrl((await lookup(boardId, share)).url)!
    await owner.kill()
    const killedAt = Date.now()
    await waitFor(async () => (await lookup(boardId, share)).url !== owner.url, 'room moved off the dead node', 10_000)
    const movedMs = Date.now() - killedAt
    console.info(`cluster lease: room moved off the dead node ${movedMs} ms after kill -9`)
    // The lease ends 6 s after the last heartbeat, which came before the kill; 1 s of slack for
    // the polling lookups themselves on two busy cores.
    expect(movedMs).toBeLessThanOrEqual(7_000)
    const successor = cluster.nodeByUrl((await lookup(boardId, share)).url)
    expect(successor?.alive()).toBe(true)

    await owner.restart()
    await waitFor(async () => (await lookup(boardId, share)).url === owner.url, 'room back on its returning owner', 5_000)
  }, 60_000)
})

// GET /api/cluster as the /cluster page reads it. Parsed here rather than imported so the test
// pins the documented shape (docs/api.md, "Cluster status") independently of the page's copy.
const clusterSchema = z.object({
  nodes: z.array(
    z
      .object({
        id: z.string(),
        url: z.string(),
        pid: z.number(),
        rooms: z.number(),
        connections: z.number(),
        relay: z.object({ sentMessages: z.number(), sentBytes: z.number(), receivedMessages: z.number(), receivedBytes: z.number() }).strict(),
        lastSeen: z.number(),
      })
      .strict(),
  ),
})

async function clusterNodes(): Promise<z.infer<typeof clusterSchema>['nodes']> {
  const res = await fetch(`${cluster.web.baseUrl}/api/cluster`)
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toBe('no-store')
  return clusterSchema.parse(await res.json()).nodes
}

describe('cluster status', () => {
  it('/api/cluster lists every live node with its pid and counts, and drops a killed node after its lease', async () => {
    const ids = cluster.nodes.map((n) => n.id).sort()
    // Earlier tests restart nodes; wait until all of them hold a lease again.
    await waitFor(async () => (await clusterNodes()).map((n) => n.id).join() === ids.join(), 'every node listed', 10_000)
    const listed = await clusterNodes()
    expect(listed.map((n) => n.id)).toEqual(ids) // sorted by id, and the web-only process is not a node
    for (const node of listed) {
      const proc = cluster.nodes.find((p) => p.id === node.id)!
      expect(node).toMatchObject({ url: proc.url, pid: proc.pid() })
      expect(Date.now() - node.lastSeen).toBeLessThan(6_000)
    }

    // One socket on node-1: its counts show it within a heartbeat (2 s).
    const { boardId, share } = await boardWithShare()
    const found = await lookup(boardId, share)
    const [first, second, last] = cluster.nodes
    const byId = async (id: string) => (await clusterNodes()).find((n) => n.id === id)
    const client = connectClient(first!.url, found.room, found.token)
    const peer = connectClient(second!.url, found.room, found.token)
    try {
      await waitForSynced(client, 10_000)
      await waitFor(async () => {
        const node = await byId(first!.id)
        return !!node && node.rooms >= 1 && node.connections >= 1
      }, 'node-1 reports the room and the connection', 5_000)

      // Relay traffic: an edit on node-1 crosses the bus to node-2, and both counters show it.
      await waitForSynced(peer, 10_000)
      const sentBefore = (await byId(first!.id))!.relay
      const receivedBefore = (await byId(second!.id))!.relay
      addShape(client.doc, 'relayed')
      await waitFor(() => keysOf(peer.doc).has('shape:relayed'), 'edit relayed to node-2', 10_000)
      await waitFor(async () => {
        const sender = await byId(first!.id)
        const receiver = await byId(second!.id)
        return !!sender && !!receiver && sender.relay.sentBytes > sentBefore.sentBytes && receiver.relay.receivedBytes > receivedBefore.receivedBytes
      }, 'relay counters of both nodes grow', 5_000)
    } finally {
      client.destroy()
      peer.destroy()
    }

    await last!.kill()
    const killedAt = Date.now()
    try {
      await waitFor(async () => !(await clusterNodes()).some((n) => n.id === last!.id), 'killed node dropped', 10_000)
      // Gone once its 6 s lease (counted from its last heartbeat, before the kill) runs out.
      expect(Date.now() - killedAt).toBeLessThanOrEqual(7_000)
      expect((await clusterNodes()).map((n) => n.id)).toEqual(ids.filter((id) => id !== last!.id))
    } finally {
      await last!.restart()
    }
  }, 60_000)
})
