// A standalone sync node (scale-out): `node --import tsx server/sync-main.ts`. One plain HTTP
// server with the WebSocket upgrades on /sync/<room>, /health for load balancers and
// orchestrators, and /metrics in Prometheus text format. It joins the cluster through Redis
// (registry with leases, pub/sub relay, compaction locks), so REDIS_URL is required, and stores
// updates in the same database the web tier reads.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { serverEnv } from '@/lib/env.server'
import { db } from '@/lib/db.server'
import { httpServerTimeouts } from '@/lib/http/server-timeouts'
import { createLogger, parseLogLevel } from '@/lib/log'
import { createSyncNode, type SyncNode } from './node'
import { redisBackends, syncNodeOptions } from './node-options'
import { shutdownOnSignals } from './shutdown'
import { sqliteWriterFor } from './sqlite-writer'
import { isSyncPath, rejectUpgrade } from './upgrade'

const env = serverEnv()
const id = env.NODE_ID ?? `sync-${randomBytes(4).toString('hex')}`
const log = createLogger(parseLogLevel(process.env.LOG_LEVEL), { proc: 'sync', node: id, pid: process.pid })

/** Set once the node exists; until then (and while stopping) upgrades get 503. */
let node: SyncNode | null = null
let stopping = false

function health(res: ServerResponse): void {
  const stats = node?.stats()
  const status = stopping ? 'stopping' : node ? 'ok' : 'starting'
  const body = { status, node: id, rooms: stats?.rooms ?? 0, connections: stats?.connections ?? 0 }
  // 503 while starting or stopping: a balancer or probe should route around this process.
  res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

/** Only numbers the node really tracks (SyncNode.stats() and the process): no invented counters. */
function metrics(res: ServerResponse): void {
  const stats = node?.stats()
  const memory = process.memoryUsage()
  const labels = `{node="${id.replace(/["\\\n]/g, '_')}"}`
  const gauges: Array<[string, string, number]> = [
    ['designroom_sync_up', '1 while the node accepts connections, 0 while starting or stopping', node && !stopping ? 1 : 0],
    ['designroom_sync_rooms', 'Rooms loaded on this node (any state)', stats?.rooms ?? 0],
    ['designroom_sync_rooms_loading', 'Rooms still loading their state from the database', stats?.loadingRooms ?? 0],
    ['designroom_sync_connections', 'Open client WebSockets', stats?.connections ?? 0],
    ['designroom_sync_pending_bytes', 'Client update bytes received but not yet committed to the database', stats?.pendingBytes ?? 0],
    ['designroom_sync_room_timers', 'Timers armed by rooms', stats?.roomTimers ?? 0],
    ['designroom_sync_frame_p99_seconds', "99th percentile of the node thread's time per client frame since start (upper bucket edge)", (stats?.frames.p99Ms ?? 0) / 1000],
    ['designroom_sync_frame_max_seconds', "Longest time the node's thread spent on one client frame since start", (stats?.frames.maxMs ?? 0) / 1000],
    ['process_resident_memory_bytes', 'Resident set size', memory.rss],
    ['nodejs_heap_used_bytes', 'V8 heap in use', memory.heapUsed],
    ['nodejs_heap_total_bytes', 'V8 heap allocated', memory.heapTotal],
    ['nodejs_external_memory_bytes', 'Memory of C++ objects bound to JS (Buffers, Yjs updates in flight)', memory.external],
    ['process_uptime_seconds', 'Seconds since the process started', Math.round(process.uptime())],
  ]
  const relay = stats?.relay
  const counters: Array<[string, string, number]> = [
    ['designroom_relay_sent_messages_total', 'Messages this node published on the room bus', relay?.sentMessages ?? 0],
    ['designroom_relay_sent_bytes_total', 'Bytes this node published on the room bus', relay?.sentBytes ?? 0],
    ['designroom_relay_received_messages_total', 'Messages this node received from peers on the room bus', relay?.receivedMessages ?? 0],
    ['designroom_relay_received_bytes_total', 'Bytes this node received from peers on the room bus', relay?.receivedBytes ?? 0],
    ['designroom_sync_frames_total', 'Client frames this node handled', stats?.frames.frames ?? 0],
  ]
  const lines: string[] = []
  for (const [name, help, value] of gauges) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}${labels} ${value}`)
  }
  for (const [name, help, value] of counters) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name}${labels} ${value}`)
  }
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
  res.end(lines.join('\n') + '\n')
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end()
  if (path === '/health') return health(res)
  if (path === '/metrics') return metrics(res)
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
}

async function main(): Promise<void> {
  if (!env.REDIS_URL) throw new Error('REDIS_URL is required for a standalone sync node (server/sync-main.ts)')
  const database = await db()
  const sqliteWriter = await sqliteWriterFor(env, database, log)
  const backends = redisBackends(env.REDIS_URL, log, id)

  // Explicit timeouts, not Node's: a slowloris client is closed in seconds (B20).
  const server = createServer(httpServerTimeouts(env), route)
  server.on('upgrade', (req, socket, head) => {
    if (!isSyncPath(req.url)) return rejectUpgrade(socket, 404)
    if (!node || stopping) return rejectUpgrade(socket, 503)
    node.handleUpgrade(req, socket, head)
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  // Listen before registering: with SYNC_PORT=0 the real port is only known now, and the
  // registry must never advertise a URL nobody listens on.
  const host = env.SYNC_HOST ?? env.HOST
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(env.SYNC_PORT, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const publicUrl = env.SYNC_PUBLIC_URL ?? `ws://${host}:${port}/sync`
  node = await createSyncNode(syncNodeOptions({ env, id, publicUrl, database, sqliteWriter, backends, log }))
  log.info('sync node listening', { url: publicUrl, health: `http://${host}:${port}/health` })

  shutdownOnSignals({
    server,
    log,
    onStopping: () => (stopping = true),
    // 'moved': clients look the room up again at once and land on the next owner, instead of
    // backing off as after an unexplained drop. close() deregisters first, then commits every
    // room, so the database and Redis must outlive it.
    closeNode: async () => {
      await node?.close({ code: 'moved' })
      await backends.close()
    },
    closeDatabase: async () => {
      await sqliteWriter?.stop()
      await database.$disconnect()
    },
  })
}

main().catch((error: unknown) => {
  log.error('could not start', { error })
  process.exit(1)
})
