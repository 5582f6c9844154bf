// The scale-out topology with real processes: a throwaway redis-server, one web process
// (server/main.ts, web-only because REDIS_URL is set) and N standalone sync nodes
// (server/sync-main.ts), all on one temp SQLite file and one secret. Nodes can be killed -9 and
// restarted with the same id and port, which is how the failover tests drive it.
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
}

export type Cluster = {
  redis: TestRedis
  web: AppServer
  nodes: SyncProcess[]
  databaseUrl: string
  nodeByUrl(url: string): SyncProcess | undefined
  dispose(): Promise<void>
}

const healthSchema = z.object({ status: z.string(), node: z.string(), rooms: z.number(), connections: z.number() })

export async function startCluster(nodeCount = 3): Promise<Cluster> {
  const redis = await startRedis()
  let web: AppServer | undefined
  const nodes: SyncProcess[] = []
  try {
    web = await startAppServer({ env: { REDIS_URL: redis.url, NEXTAUTH_SECRET: CLUSTER_SECRET } })
    const databaseUrl = `file:${join(web.dataDir, 'designroom.db')}`
    for (let i = 1; i <= nodeCount; i++) {
      nodes.push(await startSyncProcess(`node-${i}`, { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, DATA_DIR: web.dataDir }))
    }
    const started = web
    return {
      redis,
      web: started,
      nodes,
      databaseUrl,
      nodeByUrl: (url) => nodes.find((n) => n.url === url),
      async dispose() {
        await Promise.all(nodes.map((n) => n.stop()))
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

async function startSyncProcess(id: string, extraEnv: Record<string, string>): Promise<SyncProcess> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DB_PROVIDER: 'sqlite',
    NEXTAUTH_SECRET: CLUSTER_SECRET,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SYNC_PORT: String(port),
    NODE_ID: id,
    ...extraEnv,
  }
  let child: ChildProcess | undefined
  let log = ''
  const alive = (): boolean => !!child && child.exitCode === null && child.signalCode === null

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/sync-main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()))
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()))
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`sync node ${id} exited with ${proc.exitCode}:\n${log}`)
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`)
        if (res.ok && healthSchema.parse(await res.json()).node === id) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    proc.kill('SIGKILL')
    throw new Error(`sync node ${id} did not become healthy:\n${log}`)
  }

  function end(signal: NodeJS.Signals): Promise<void> {
    const proc = child
    if (!proc || !alive()) return Promise.resolve()
    return new Promise((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill(signal)
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
  }
}
