// Randomized convergence in the style of Yjs's own tests: three in-process nodes on one
// MemoryBusHub and one real update log (Prisma on a temp SQLite file), stock clients on random
// nodes, and a seeded PRNG choosing edits, disconnects, reconnects (possibly to another node),
// offline edits and graceful node restarts. At the end everyone reconnects and every client doc
// must equal every other and the state stored in the log. A failing seed becomes a named test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as prng from 'lib0/prng'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { mergeToSnapshot } from '@/lib/persistence/compaction'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
import { MemoryRoomLock } from '@/server/room-lock'
import { PrismaUpdateLog } from '@/server/persistence-prisma'
import { createBoard, createTestDb, type TestDb } from '../helpers/sync-db'
import { roomToken, startSyncServer, waitFor, type SyncServer } from '../helpers/sync-harness'

const NODES = 3
const CLIENTS = 4
// CONVERGENCE_SEED_BASE / _SEEDS / _STEPS widen the sweep when hunting for new failing seeds.
const SEED_BASE = Number(process.env.CONVERGENCE_SEED_BASE ?? 1)
const SWEEP_SEEDS = Array.from({ length: Number(process.env.CONVERGENCE_SEEDS ?? 10) }, (_, i) => SEED_BASE + i)
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 100)

let testDb: TestDb

beforeAll(async () => {
  testDb = await createTestDb()
})
afterAll(async () => {
  await testDb?.dispose()
})

/** A client whose doc outlives its connections: reconnecting swaps the provider, not the doc,
 *  so edits made while offline must reach the room on the next connection. */
type SimClient = {
  name: string
  doc: Y.Doc
  provider: WebsocketProvider | null
  node: number
}

type World = {
  room: string
  hub: MemoryBusHub
  registry: MemoryRegistry
  lock: MemoryRoomLock
  log: PrismaUpdateLog
  nodes: SyncServer[]
  ports: number[]
  clients: SimClient[]
  trace: string[]
}

const worlds: World[] = []

afterEach(async () => {
  for (const world of worlds.splice(0)) {
    for (const c of world.clients) disconnect(c)
    for (const c of world.clients) c.doc.destroy()
    for (const n of world.nodes) await n.close()
  }
})

function startNode(world: World, index: number, port = 0): Promise<SyncServer> {
  return startSyncServer({ hub: world.hub, registry: world.registry, updateLog: world.log, lock: world.lock, id: `node-${index}`, port })
}

async function connect(world: World, client: SimClient, node: number): Promise<void> {
  const server = world.nodes[node] as SyncServer
  client.node = node
  client.provider = new WebsocketProvider(server.url, world.room, client.doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: await roomToken(world.room, { name: client.name, sub: `user-${client.name}` }) },
    disableBc: true,
    // A restarted node is back within milliseconds; the stock 2.5 s cap would only slow the run.
    maxBackoffTime: 200,
  })
}

function disconnect(client: SimClient): void {
  if (!client.provider) return
  const awareness = client.provider.awareness
  client.provider.destroy()
  // The provider leaves its Awareness (and its 3 s check interval) to the caller.
  awareness.destroy()
  client.provider = null
}

function edit(gen: prng.PRNG, client: SimClient, step: number): string {
  const map = client.doc.getMap<number>('m')
  const array = client.doc.getArray<string>('a')
  const op = prng.int32(gen, 0, 3)
  if (op === 0) {
    const key = `k${prng.int32(gen, 0, 7)}`
    map.set(key, step)
    return `map.set(${key})`
  }
  if (op === 1 && map.size > 0) {
    const keys = [...map.keys()]
    const key = keys[prng.int32(gen, 0, keys.length - 1)] as string
    map.delete(key)
    return `map.delete(${key})`
  }
  if (op === 2 && array.length > 0) {
    const at = prng.int32(gen, 0, array.length - 1)
    const len = Math.min(array.length - at, prng.int32(gen, 1, 3))
    array.delete(at, len)
    return `array.delete(${at},${len})`
  }
  const at = prng.int32(gen, 0, array.length)
  array.insert(at, [`${client.name}:${step}`])
  return `array.insert(${at})`
}

/** Map entries are sorted: Y.Map's toJSON follows local insertion order, which differs between
 *  replicas that received the same entries in a different order. */
function fingerprint(doc: Y.Doc): { sv: number[]; json: unknown } {
  const m = Object.entries(doc.getMap('m').toJSON()).sort(([a], [b]) => a.localeCompare(b))
  return { sv: [...Y.encodeStateVector(doc)], json: { m, a: doc.getArray('a').toJSON() } }
}

async function storedDoc(world: World): Promise<Y.Doc> {
  const loaded = await world.log.load(world.room)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, mergeToSnapshot(loaded.snapshot, loaded.updates))
  return doc
}

async function runSeed(seed: number, steps: number): Promise<World> {
  const gen = prng.create(seed)
  const world: World = {
    room: await createBoard(testDb.db, `convergence ${seed}`),
    hub: new MemoryBusHub(),
    registry: new MemoryRegistry(),
    lock: new MemoryRoomLock(),
    log: new PrismaUpdateLog(testDb.db),
    nodes: [],
    ports: [],
    clients: [],
    trace: [],
  }
  worlds.push(world)
  for (let i = 0; i < NODES; i++) {
    const node = await startNode(world, i)
    world.nodes.push(node)
    world.ports.push(node.port)
  }
  for (let i = 0; i < CLIENTS; i++) {
    const client: SimClient = { name: `c${i}`, doc: new Y.Doc(), provider: null, node: 0 }
    world.clients.push(client)
    await connect(world, client, prng.int32(gen, 0, NODES - 1))
  }

  for (let step = 0; step < steps; step++) {
    const client = world.clients[prng.int32(gen, 0, CLIENTS - 1)] as SimClient
    const roll = prng.real53(gen)
    if (roll < 0.65) {
      // Offline clients edit too: their edits must arrive on reconnect.
      world.trace.push(`${step}: ${client.name}${client.provider ? '' : '(offline)'} ${edit(gen, client, step)}`)
    } else if (roll < 0.8) {
      if (client.provider) {
        disconnect(client)
        world.trace.push(`${step}: ${client.name} disconnects`)
      } else {
        const node = prng.int32(gen, 0, NODES - 1)
        await connect(world, client, node)
        world.trace.push(`${step}: ${client.name} connects to node ${node}`)
      }
    } else if (roll < 0.87) {
      // Graceful restart on the same port and log: clients on it see 1001 and reconnect by themselves.
      const index = prng.int32(gen, 0, NODES - 1)
      await (world.nodes[index] as SyncServer).close()
      world.nodes[index] = await startNode(world, index, world.ports[index])
      world.trace.push(`${step}: node ${index} restarts`)
    }
    // Let some frames interleave with the next step, some not.
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 0, 15)))
  }

  for (const client of world.clients) if (!client.provider) await connect(world, client, prng.int32(gen, 0, NODES - 1))
  world.trace.push('end: everyone reconnected')
  return world
}

async function expectConverged(seed: number, world: World): Promise<void> {
  const context = (): string => `seed ${seed}\n${world.trace.join('\n')}\n${world.clients.map((c) => `${c.name}@node${c.node}: ${JSON.stringify(fingerprint(c.doc))}`).join('\n')}`
  const allEqual = (): boolean => {
    const prints = world.clients.map((c) => JSON.stringify(fingerprint(c.doc)))
    return prints.every((p) => p === prints[0])
  }
  try {
    await waitFor(() => world.clients.every((c) => c.provider?.synced === true), 'every client synced', 10_000)
    await waitFor(allEqual, 'client docs converge', 10_000)
    await waitFor(() => world.nodes.every((n) => n.node.stats().pendingBytes === 0), 'every node committed', 10_000)
    const expected = JSON.stringify(fingerprint(world.clients[0]?.doc ?? new Y.Doc()))
    await waitFor(async () => JSON.stringify(fingerprint(await storedDoc(world))) === expected, 'the log holds the converged state', 10_000)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${context()}`, { cause: error })
  }
  const first = world.clients[0] as SimClient
  for (const c of world.clients) {
    expect(Y.encodeStateVector(c.doc), `${c.name} state vector`).toEqual(Y.encodeStateVector(first.doc))
    expect(fingerprint(c.doc).json).toEqual(fingerprint(first.doc).json)
  }
  const stored = await storedDoc(world)
  expect(fingerprint(stored)).toEqual(fingerprint(first.doc))
  stored.destroy()
}

describe('randomized convergence across 3 nodes', () => {
  it(`${SWEEP_SEEDS.length} seeds × ${STEPS} steps: every client and the stored log converge`, async () => {
    const started = Date.now()
    for (const seed of SWEEP_SEEDS) {
      const t = Date.now()
      const world = await runSeed(seed, STEPS)
      await expectConverged(seed, world)
      console.info(`convergence seed ${seed}: ${STEPS} steps, ${world.trace.filter((l) => l.includes('restarts')).length} restarts, ${Date.now() - t} ms`)
      // Release this world now so the next seed starts from a quiet process.
      for (const c of world.clients) disconnect(c)
      for (const n of world.nodes) await n.close()
      worlds.splice(worlds.indexOf(world), 1)
      for (const c of world.clients) c.doc.destroy()
    }
    console.info(`convergence sweep: seeds ${SWEEP_SEEDS.join(',')} in ${Date.now() - started} ms`)
  }, 120_000)
})
