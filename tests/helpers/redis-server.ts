// A throwaway redis-server for integration tests: a free port, no persistence, killed by pid.
// `restart()` kills it and starts a new one on the same port, which is how tests simulate a
// Redis restart (clients see the connection drop and reconnect to an empty server). The fault
// methods drive the matrix's Redis rows (research/reliability.md §6, F2-F5) with the same tools an
// operator would use: redis-cli commands and signals to the pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'
import { canConnect, freePort } from './free-port'

export type TestRedis = {
  url: string
  port: number
  /** pid of the current redis-server process (changes on restart). */
  pid: number
  stop(): Promise<void>
  restart(): Promise<void>
  /** Runs redis-cli against this server and returns its trimmed output. */
  cli(...args: string[]): Promise<string>
  /** `CLIENT PAUSE ms ALL`: Redis stops answering every client for `ms`, sockets stay open. */
  pause(ms: number): Promise<void>
  /** SIGSTOP: the process hangs with its sockets open (a stuck or swapped-out Redis). */
  freeze(): void
  /** SIGCONT after `freeze`. */
  thaw(): void
  /** `SHUTDOWN NOSAVE` (a clean, deliberate exit) and wait until the process is gone. */
  shutdownNoSave(): Promise<void>
  /** Starts a new empty server on the same port after `shutdownNoSave` or `stop`. */
  start(): Promise<void>
  /** `CLIENT KILL TYPE pubsub`; resolves with the number of connections Redis closed. */
  clientKillPubsub(): Promise<number>
  /** `CONFIG SET client-output-buffer-limit <limit>`, e.g. "pubsub 64kb 32kb 1". */
  setOutputBufferLimit(limit: string): Promise<void>
}

const BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'
const CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli'
const run = promisify(execFile)

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort()
  let child = await spawnRedis(port)
  const cli = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(CLI, ['-h', '127.0.0.1', '-p', String(port), ...args])
    return stdout.trim()
  }
  const expectOk = async (...args: string[]): Promise<void> => {
    const reply = await cli(...args)
    if (reply !== 'OK') throw new Error(`redis-cli ${args.join(' ')}: ${reply}`)
  }
  const handle: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: pidOf(child),
    stop: () => kill(child),
    async restart() {
      await kill(child)
      child = await spawnRedis(port)
      handle.pid = pidOf(child)
    },
    cli,
    pause: (ms) => expectOk('CLIENT', 'PAUSE', String(ms), 'ALL'),
    freeze: () => process.kill(pidOf(child), 'SIGSTOP'),
    thaw: () => process.kill(pidOf(child), 'SIGCONT'),
    async shutdownNoSave() {
      const gone = exited(child)
      // redis-cli reports the dropped connection as an error on some versions; the exit is what counts.
      await cli('SHUTDOWN', 'NOSAVE').catch(() => '')
      await gone
    },
    async start() {
      if (!hasExited(child)) throw new Error('redis-server is still running')
      child = await spawnRedis(port)
      handle.pid = pidOf(child)
    },
    async clientKillPubsub() {
      return Number(await cli('CLIENT', 'KILL', 'TYPE', 'pubsub'))
    },
    setOutputBufferLimit: (limit) => expectOk('CONFIG', 'SET', 'client-output-buffer-limit', limit),
  }
  return handle
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('redis-server has no pid')
  return child.pid
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exitedEarly = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`redis-server exited early (${code}): ${output.slice(-500)}`))),
  )
  exitedEarly.catch(() => {})
  const deadline = Date.now() + 10_000
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) await exitedEarly
    if (Date.now() > deadline) {
      await kill(child)
      throw new Error(`redis-server did not listen on ${port}: ${output.slice(-500)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

/** SIGKILL by pid (a crash, not a shutdown) and wait until the process is gone. */
async function kill(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return
  const gone = exited(child)
  // A frozen process still dies on SIGKILL, so a test that fails mid-freeze cleans up too.
  process.kill(pidOf(child), 'SIGKILL')
  await gone
}
