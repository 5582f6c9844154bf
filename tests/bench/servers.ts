// Start and stop the three servers under test, each node in its own child process:
//   A  our tier: server/sync-main.ts x2, one real redis-server, one temp SQLite db (real migrations)
//   B  @y/websocket-server 0.1.1 (node_modules/@y/websocket-server/src/server.js), single node
//   C  Hocuspocus 3.4.4 + extension-redis 3.4.4 (tests/bench/hocuspocus-server.ts) x2, one redis
// A and C always run their two-node Redis deployment; single-node scenarios use node 0 only.
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { canConnect, freePort } from '../helpers/free-port'
import { startRedis, type TestRedis } from '../helpers/redis-server'
import { createTestDb, type TestDb } from '../helpers/sync-db'
import { roomToken, TEST_KEY } from '../helpers/sync-harness'
import type { Endpoint } from './load-generator'

export type ServerKind = 'A' | 'B' | 'C'

export const LABELS: Record<ServerKind, string> = {
  A: 'A: our tier (sync-main)',
  B: 'B: @y/websocket-server 0.1.1',
  C: 'C: Hocuspocus 3.4.4 + redis',
}

export type BenchServer = {
  kind: ServerKind
  nodeCount: number
  /** RSS of node `node`'s process in bytes (from /proc). */
  rss(node: number): number
  /** pid of node `node`'s process (the load runner pins it and reads its probe file). */
  pid(node: number): number
  /** The redis-server of two-node deployments (A and C), for INFO commandstats. */
  redisPort?: number
  /** Kill redis-server and start a fresh one on the same port (A and C). */
  restartRedis?(): Promise<void>
  /** HTTP/WebSocket port of node `node`. */
  port(node: number): number
  /** CPU seconds (user + system) node `node`'s process has used so far (from /proc). */
  cpu(node: number): number
  /** A client endpoint for `room` on node `node`; signs a room token for A. */
  endpoint(room: string, node?: number): Promise<Endpoint>
  /** Rooms must exist before clients join (A: board rows; B and C: nothing). */
  prepareRooms(rooms: string[]): Promise<void>
  stop(): Promise<void>
}

type Child = { proc: ChildProcess; port: number; output(): string }

/**
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process into <dir> on exit;
 * BENCH_NODE_ARGS="--flag ..." passes Node/V8 flags to them (GC or JIT experiments).
 */
const profileArgs = [
  ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
]

/** BENCH_LOG_DIR=<dir> appends each of our nodes' whole output to <dir>/<node id>.log (long runs). */
const logDir = process.env.BENCH_LOG_DIR

function spawnChild(args: string[], env: Record<string, string>, port: number, logName?: string): Child {
  const proc = spawn(process.execPath, [...profileArgs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const file = logDir && logName ? join(logDir, `${logName}.log`) : null
  const keep = (d: Buffer): void => {
    log = (log + d.toString()).slice(-4000)
    if (file) appendFileSync(file, d)
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  return { proc, port, output: () => log }
}

async function waitReady(child: Child, ready: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${what} exited with ${child.proc.exitCode}:\n${child.output()}`)
    if (await ready()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  child.proc.kill('SIGKILL')
  throw new Error(`${what} did not become ready:\n${child.output()}`)
}

async function stopChild(child: Child): Promise<void> {
  const { proc } = child
  if (proc.exitCode !== null || proc.signalCode !== null) return
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  proc.kill('SIGTERM')
  const timer = setTimeout(() => proc.kill('SIGKILL'), 8_000)
  await gone
  clearTimeout(timer)
}

/** utime + stime from /proc/<pid>/stat, in seconds (clock ticks of 1/100 s on Linux). */
function cpuOf(child: Child | undefined): number {
  const stat = readFileSync(`/proc/${pidOf(child)}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function rssOf(child: Child | undefined): number {
  const status = readFileSync(`/proc/${pidOf(child)}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!match) throw new Error('no VmRSS')
  return Number(match[1]) * 1024
}

function pidOf(child: Child | undefined): number {
  const pid = child?.proc.pid
  if (pid === undefined) throw new Error('no such node')
  return pid
}

async function startOurTier(): Promise<BenchServer> {
  const redis: TestRedis = await startRedis()
  const testDb: TestDb = await createTestDb()
  const children: Child[] = []
  try {
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      const id = `bench-node-${i + 1}`
      const child = spawnChild(
        ['--import', 'tsx', 'server/sync-main.ts'],
        {
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          DB_PROVIDER: 'sqlite',
          DATABASE_URL: testDb.url,
          REDIS_URL: redis.url,
          NEXTAUTH_SECRET: 'bench-nextauth-secret-0123456789abcdef0123456789',
          ROOM_TOKEN_KID: TEST_KEY.kid,
          ROOM_TOKEN_SECRET: TEST_KEY.secret,
          // BENCH_LOG_LEVEL=info with BENCH_LOG_DIR keeps what a long run's nodes said.
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
          SYNC_PORT: String(port),
          NODE_ID: id,
        },
        port,
        id,
      )
      children.push(child)
      await waitReady(
        child,
        async () => {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/health`)
            return res.ok
          } catch {
            return false
          }
        },
        `sync node ${id}`,
      )
    }
  } catch (error) {
    await Promise.all(children.map(stopChild))
    await redis.stop()
    await testDb.dispose()
    throw error
  }
  return {
    kind: 'A',
    nodeCount: 2,
    pid: (node) => pidOf(children[node]),
    redisPort: redis.port,
    restartRedis: () => redis.restart(),
    port: (node) => children[node]!.port,
    rss: (node) => rssOf(children[node]),
    cpu: (node) => cpuOf(children[node]),
    async endpoint(room, node = 0) {
      const token = await roomToken(room, { ttl: 3600, name: `bench${Math.floor(Math.random() * 1e9)}` })
      return { url: `ws://127.0.0.1:${children[node]!.port}/sync/${room}?token=${encodeURIComponent(token)}`, framing: 'plain', docName: room, token }
    },
    async prepareRooms(rooms) {
      for (let i = 0; i < rooms.length; i += 500) {
        await testDb.db.board.createMany({ data: rooms.slice(i, i + 500).map((id) => ({ id, title: 'bench' })) })
      }
    },
    async stop() {
      await Promise.all(children.map(stopChild))
      await redis.stop()
      await testDb.dispose()
    },
  }
}

async function startStock(): Promise<BenchServer> {
  const port = await freePort()
  const child = spawnChild(['node_modules/@y/websocket-server/src/server.js'], { HOST: '127.0.0.1', PORT: String(port) }, port)
  await waitReady(child, () => canConnect(port), '@y/websocket-server')
  return {
    kind: 'B',
    nodeCount: 1,
    pid: () => pidOf(child),
    port: () => port,
    rss: () => rssOf(child),
    cpu: () => cpuOf(child),
    endpoint: async (room) => ({ url: `ws://127.0.0.1:${port}/${room}`, framing: 'plain', docName: room, token: '' }),
    prepareRooms: async () => {},
    stop: () => stopChild(child),
  }
}

async function startHocuspocus(): Promise<BenchServer> {
  const redis = await startRedis()
  const children: Child[] = []
  try {
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      const child = spawnChild(['--import', 'tsx', 'tests/bench/hocuspocus-server.ts'], { PORT: String(port), REDIS_PORT: String(redis.port) }, port)
      children.push(child)
      await waitReady(child, async () => child.output().includes('hocuspocus listening') && (await canConnect(port)), 'hocuspocus')
    }
  } catch (error) {
    await Promise.all(children.map(stopChild))
    await redis.stop()
    throw error
  }
  return {
    kind: 'C',
    nodeCount: 2,
    pid: (node) => pidOf(children[node]),
    redisPort: redis.port,
    restartRedis: () => redis.restart(),
    port: (node) => children[node]!.port,
    rss: (node) => rssOf(children[node]),
    cpu: (node) => cpuOf(children[node]),
    // One socket per document; the document name travels in every frame, the path is cosmetic.
    endpoint: async (room, node = 0) => ({ url: `ws://127.0.0.1:${children[node]!.port}/${room}`, framing: 'hocuspocus', docName: room, token: 'bench' }),
    prepareRooms: async () => {},
    async stop() {
      await Promise.all(children.map(stopChild))
      await redis.stop()
    },
  }
}

export function startServer(kind: ServerKind): Promise<BenchServer> {
  if (kind === 'A') return startOurTier()
  if (kind === 'B') return startStock()
  return startHocuspocus()
}
