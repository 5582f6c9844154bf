// The scale-out topology with real processes: a throwaway redis-server, one web process
// (server/main.ts, web-only because REDIS_URL is set; `addWeb` starts more) and N standalone sync nodes
// (server/sync-main.ts), all on one temp SQLite file and one secret. Nodes can be killed -9 and
// restarted with the same id and port, which is how the failover tests drive it; they can also be
// paused (SIGSTOP, a GC pause or a frozen VM as the network sees it), and the whole tier can be
// killed at one instant and restarted on the same files (a power cut).
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { z } from 'zod'
import { startAppServer, type AppServer } from './app-server'
import { freePort } from './free-port'
import { startRedis, type TestRedis } from './redis-server'

export const CLUSTER_SECRET = 'cluster-test-secret-long-enough-for-hs256-0123456789'

export type SyncProcess = {
  id: string
  port: number
  /** What the node registers: ws://127.0.0.1:<port>/sync */
  url: string
  pid(): number | undefined
  output(): string
  alive(): boolean
  kill(): Promise<void>
  stop(): Promise<void>
  /** Start again with the same id and port (after kill or stop). */
  restart(): Promise<void>
  /** SIGSTOP: the process keeps its sockets open but answers nothing, heartbeats included. */
  pause(): void
  /** SIGCONT after pause(). */
  resume(): void
  /** The node's own /health answer: its loaded rooms and open sockets. */
  health(): Promise<NodeHealth>
}

export type NodeHealth = z.infer<typeof healthSchema>

export type Cluster = {
  redis: TestRedis
  web: AppServer
  nodes: SyncProcess[]
  databaseUrl: string
  nodeByUrl(url: string): SyncProcess | undefined
  /**
   * Start one more web process on the same database, Redis and secret, as a deployment adds one
   * behind its balancer (web processes hold no room state). killAll, restartAll and dispose
   * include it.
   */
  addWeb(): Promise<AppServer>
  pause(id: string): void
  resume(id: string): void
  /** SIGKILL redis, the web process and every node in the same tick, and wait until all are gone. */
  killAll(): Promise<void>
  /** Start everything again on the same ports and files: redis first, since the others need it. */
  restartAll(): Promise<void>
  dispose(): Promise<void>
}

const healthSchema = z.object({ status: z.string(), node: z.string(), rooms: z.number(), connections: z.number() })

/** `webEnv`: extra environment for the web process, e.g. TRUST_PROXY=1 for many simulated clients. */
export async function startCluster(nodeCount = 3, options: { webEnv?: Record<string, string> } = {}): Promise<Cluster> {
  const redis = await startRedis()
  let web: AppServer | undefined
  const nodes: SyncProcess[] = []
  try {
    web = await startAppServer({ env: { ...options.webEnv, REDIS_URL: redis.url, NEXTAUTH_SECRET: CLUSTER_SECRET } })
    const databaseUrl = `file:${join(web.dataDir, 'designroom.db')}`
    const sharedDataDir = web.dataDir
    const moreWebs: AppServer[] = []
    for (let i = 1; i <= nodeCount; i++) {
      nodes.push(await startSyncProcess(`node-${i}`, { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, DATA_DIR: web.dataDir }))
    }
    const started = web
    const byId = (id: string): SyncProcess => {
      const node = nodes.find((n) => n.id === id)
      if (!node) throw new Error(`no sync node ${id}`)
      return node
    }
    return {
      redis,
      web: started,
      nodes,
      databaseUrl,
      nodeByUrl: (url) => nodes.find((n) => n.url === url),
      async addWeb() {
        // The first web process migrated the shared database; the others only start.
        const more = await startAppServer({
          env: { ...options.webEnv, REDIS_URL: redis.url, NEXTAUTH_SECRET: CLUSTER_SECRET, DATA_DIR: sharedDataDir, DATABASE_URL: databaseUrl },
          prepare: false,
        })
        moreWebs.push(more)
        return more
      },
      pause: (id) => byId(id).pause(),
      resume: (id) => byId(id).resume(),
      async killAll() {
        // Every kill is signalled synchronously before the first await, so no process sees
        // another one die first and gets to react (flush, deregister) before its own death.
        await Promise.all([redis.stop(), started.kill(), ...moreWebs.map((w) => w.kill()), ...nodes.map((n) => n.kill())])
      },
      async restartAll() {
        await redis.restart()
        await Promise.all([started.restart(), ...moreWebs.map((w) => w.restart()), ...nodes.map((n) => n.restart())])
      },
      async dispose() {
        await Promise.all(nodes.map((n) => n.stop()))
        // The first web process last: its dispose deletes the data folder the others use.
        await Promise.all(moreWebs.map((w) => w.dispose()))
        await started.dispose()
        await redis.stop()
      },
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.kill()))
    await web?.dispose()
    await redis.stop()
    throw error
  }
}

export async function startSyncProcess(id: string, extraEnv: Record<string, string>): Promise<SyncProcess> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DB_PROVIDER: 'sqlite',
    NEXTAUTH_SECRET: CLUSTER_SECRET,
    // Kept in memory and shown only when a node fails to start or exits: info says how far it got.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    SYNC_PORT: String(port),
    NODE_ID: id,
    ...extraEnv,
  }
  let child: ChildProcess | undefined
  let log = ''
  let paused = false
  const alive = (): boolean => !!child && child.exitCode === null && child.signalCode === null
  const send = (name: NodeJS.Signals): void => {
    if (alive()) child?.kill(name)
  }

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/sync-main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()))
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()))
    const deadline = Date.now() + 30_000
    // The last answer, for the error: a node stuck 'starting' and one not listening fail differently.
    let lastHealth = 'no answer yet'
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`sync node ${id} exited with ${proc.exitCode}:\n${log}`)
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`)
        const body = await res.text()
        lastHealth = `${res.status} ${body}`
        if (res.ok && healthSchema.parse(JSON.parse(body)).node === id) return
      } catch (error) {
        lastHealth = `not listening: ${String(error)}`
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    proc.kill('SIGKILL')
    throw new Error(`sync node ${id} did not become healthy in 30 s (last /health: ${lastHealth}):\n${log}`)
  }

  function end(signal: NodeJS.Signals): Promise<void> {
    const proc = child
    if (!proc || !alive()) return Promise.resolve()
    return new Promise((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill(signal)
      // A stopped process would hold a SIGTERM until it is continued.
      if (paused) proc.kill('SIGCONT')
      paused = false
    })
  }

  await start()
  return {
    id,
    port,
    url: `ws://127.0.0.1:${port}/sync`,
    pid: () => child?.pid,
    output: () => log,
    alive,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    restart: async () => {
      await end('SIGTERM')
      await start()
    },
    pause: () => {
      send('SIGSTOP')
      paused = alive()
    },
    resume: () => {
      send('SIGCONT')
      paused = false
    },
    health: async () => healthSchema.parse(await (await fetch(`http://127.0.0.1:${port}/health`)).json()),
  }
}
