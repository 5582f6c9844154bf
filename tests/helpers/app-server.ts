// Starts the real product (server/main.ts, prepared by scripts/start.mjs) on a free port with its own
// SQLite file, the way a user would run it. Needs a production build in .next (npm test makes
// one first). Used by the integration and e2e suites.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

export type AppServer = {
  baseUrl: string
  port: number
  dataDir: string
  /** Everything the server printed, for failure messages. */
  output(): string
  /** SIGTERM and wait: the graceful path. */
  stop(): Promise<void>
  /** SIGKILL and wait: the crash path. */
  kill(): Promise<void>
  /** Start again on the same port and data folder. */
  restart(): Promise<void>
  /** stop() and delete the data folder. */
  dispose(): Promise<void>
}

/**
 * `prepare: false` skips the migrations and the build check, for another process on a database a
 * first one prepared (as scripts/cluster.mjs prepares once for all its processes).
 */
export type AppServerOptions = { env?: Record<string, string>; startTimeoutMs?: number; prepare?: boolean }

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'designroom-test-'))
  const baseUrl = `http://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  let log = ''

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    AUTH_TRUST_HOST: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    DB_PROVIDER: 'sqlite',
    DATABASE_URL: `file:${join(dataDir, 'designroom.db')}`,
    NEXTAUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...options.env,
  }
  if (options.prepare !== false) {
    const prepared = spawnSync(process.execPath, ['scripts/start.mjs', '--prepare-only'], { env, encoding: 'utf8' })
    if (prepared.status !== 0) throw new Error(`prepare failed:\n${prepared.stdout}\n${prepared.stderr}`)
  }

  async function start(): Promise<void> {
    // server/main.ts directly, not the launcher, so kill() really is a kill -9 of the server.
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()))
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()))
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000)
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log}`)
      try {
        const res = await fetch(`${baseUrl}/api/health`)
        if (res.ok) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 150))
    }
    proc.kill('SIGKILL')
    throw new Error(`server did not become healthy on ${baseUrl}:\n${log}`)
  }

  function end(signal: NodeJS.Signals): Promise<void> {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill(signal)
    })
  }

  await start()
  return {
    baseUrl,
    port,
    dataDir,
    output: () => log,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM')
      await start()
    },
    dispose: async () => {
      await end('SIGTERM')
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
