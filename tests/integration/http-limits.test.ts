// Raw-HTTP abuse of the upgrade path (docs/reliability.md B19, B20) on both HTTP servers we run:
// server/main.ts (web + embedded node) and a standalone server/sync-main.ts node. A header flood in
// the shape of the ws advisory GHSA-3h5v-q93c-6h6q, and slowloris clients trickling a request
// head. Both run with HTTP_HEADERS_TIMEOUT_MS=2000 so the timeout shows in seconds; production
// keeps 20 s (lib/http/server-timeouts.ts).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { startSyncProcess, type SyncProcess } from '../helpers/cluster'
import { rawExchange, requestHead, trickle, upgradeHeaders } from '../helpers/raw-http'
import { startRedis, type TestRedis } from '../helpers/redis-server'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

const HEADERS_TIMEOUT_MS = 2_000
const REQUEST_TIMEOUT_MS = 2_500
/** The timeout, plus Node's check interval (a quarter of it), plus slack for a busy machine. */
const CLOSED_WITHIN_MS = HEADERS_TIMEOUT_MS * 1.25 + 1_500
/** Shared by the web tier and the standalone node, so the lookup's room tokens open both. */
const SECRET = 'http-limits-secret-long-enough-for-hs256-0123456789'
const timeouts = { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) }

let server: AppServer
let redis: TestRedis
let node: SyncProcess
let owner: SignedInUser
let boardId: string

beforeAll(async () => {
  const started = Date.now()
  ;[server, redis] = await Promise.all([startAppServer({ env: { ...timeouts, NEXTAUTH_SECRET: SECRET } }), startRedis()])
  const startNode = startSyncProcess('limits-node', {
    ...timeouts,
    NEXTAUTH_SECRET: SECRET,
    REDIS_URL: redis.url,
    // Same SQLite file as the web tier: the node loads the board's room from it.
    DATA_DIR: server.dataDir,
    DATABASE_URL: `file:${join(server.dataDir, 'designroom.db')}`,
  })
  ;[node, owner] = await Promise.all([startNode, signedInUser(server.baseUrl, 'limits')])
  const res = await owner.client.json('/api/boards', 'POST', { title: 'Under siege' })
  expect(res.status).toBe(201)
  boardId = ((await res.json()) as { id: string }).id
  console.info(`http-limits: servers up and signed in after ${Date.now() - started} ms`)
})

afterAll(async () => {
  await node?.stop()
  await redis?.stop()
  await server?.dispose()
})

/** One HTTP server under test: its port, how to check it is healthy, and its sync URL. */
type Target = { port(): number; healthUrl(): string; syncUrl(lookup: RoomLookup): string }

const targets: Array<[string, Target]> = [
  ['web server (server/main.ts)', { port: () => server.port, healthUrl: () => `${server.baseUrl}/api/health`, syncUrl: (l) => l.url }],
  ['standalone node (server/sync-main.ts)', { port: () => node.port, healthUrl: () => `http://127.0.0.1:${node.port}/health`, syncUrl: () => node.url }],
]

async function lookup(): Promise<RoomLookup> {
  const res = await owner.client.fetch(`/api/rooms/${boardId}`)
  expect(res.status).toBe(200)
  return roomLookupSchema.parse(await res.json())
}

function syncPath(room: RoomLookup): string {
  return `/sync/${room.room}?token=${encodeURIComponent(room.token)}`
}

/** The server still answers HTTP and a fresh client still syncs with a token from a real lookup. */
async function expectServing(target: Target): Promise<void> {
  expect((await fetch(target.healthUrl())).status).toBe(200)
  const room = await lookup()
  const client = connectClient(target.syncUrl(room), room.room, room.token)
  try {
    await waitForSynced(client, 10_000)
  } finally {
    client.destroy()
  }
}

/** `count` distinct, empty headers (the advisory's PoC floods with 2,000 short ones): at most 7
 *  bytes each, so the head stays under Node's 16 KiB limit and the flood reaches the upgrade code. */
function tinyHeaders(count: number): Array<[string, string]> {
  return Array.from({ length: count }, (_, i): [string, string] => [i.toString(36), ''])
}

describe.each(targets)('B19: 2,000 headers on an upgrade, %s', (_name, target) => {
  it('the advisory\'s shape (WebSocket headers after 2,000 others) is refused with a 4xx; the server lives on', async () => {
    const room = await lookup()
    const [host, ...websocket] = upgradeHeaders(target.port())
    if (!host) throw new Error('no Host header')
    // Host first (Node answers 400 to a request without one), so the flood reaches the upgrade code.
    const answer = await rawExchange(target.port(), requestHead('GET', syncPath(room), [host, ...tinyHeaders(2_000), ...websocket]))
    console.info(`B19 PoC shape: answered ${answer.status ?? 'nothing'}${answer.closed ? ', socket closed' : ''}`)
    expect(answer.status === null ? answer.closed : answer.status >= 400 && answer.status < 500, answer.text.slice(0, 200)).toBe(true)
    expect(answer.status).not.toBe(101)
    await expectServing(target)
  })

  it('2,000 headers over the 16 KB head limit: 431 or dropped; the server lives on', async () => {
    const room = await lookup()
    const flood = Array.from({ length: 2_000 }, (_, i): [string, string] => [`x-flood-${i}`, 'y'.repeat(8)])
    const answer = await rawExchange(target.port(), requestHead('GET', syncPath(room), [...upgradeHeaders(target.port()), ...flood]))
    console.info(`B19 over 16 KB: answered ${answer.status ?? 'nothing'}${answer.closed ? ', socket closed' : ''}`)
    expect(answer.status === null ? answer.closed : answer.status >= 400 && answer.status < 500, answer.text.slice(0, 200)).toBe(true)
    await expectServing(target)
  })
})

describe.each(targets)('B20: slowloris, %s', (_name, target) => {
  it('200 sockets trickling a head byte a second are closed by the headers timeout, block no upgrade and sync, and a live WebSocket outlives the request timeout', async () => {
    const room = await lookup()
    const head = requestHead('GET', syncPath(room), upgradeHeaders(target.port()))
    const slow = Array.from({ length: 200 }, () => trickle(target.port(), head, 1_000))
    try {
      await new Promise((resolve) => setTimeout(resolve, 300))
      const started = Date.now()
      const client = connectClient(target.syncUrl(room), room.room, room.token)
      try {
        await waitForSynced(client, 5_000)
        console.info(`B20: synced in ${Date.now() - started} ms beside 200 slowloris sockets`)
        const closed = await Promise.all(slow.map((s) => s.closedAfter))
        console.info(`B20: 200 slowloris sockets closed after ${Math.min(...closed)}–${Math.max(...closed)} ms, ${Math.max(...slow.map((s) => s.sent()))} of ${head.length} bytes sent`)
        // Closed by the timeout: not at once, not because the head was complete, and in time.
        expect(Math.min(...closed)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100)
        expect(Math.max(...closed)).toBeLessThanOrEqual(CLOSED_WITHIN_MS)
        expect(Math.max(...slow.map((s) => s.sent()))).toBeLessThan(head.length)
        // Upgraded sockets leave the HTTP server's timeout bookkeeping: a room stays open for hours.
        // Past the request timeout plus two checks, a WebSocket held to it would be gone.
        await waitFor(() => Date.now() - started > REQUEST_TIMEOUT_MS + 1_000, 'the request timeout passes', REQUEST_TIMEOUT_MS * 2)
        expect(client.closeCodes).toEqual([])
        expect(client.provider.wsconnected).toBe(true)
      } finally {
        client.destroy()
      }
    } finally {
      for (const s of slow) s.destroy()
    }
    await expectServing(target)
  })
})
