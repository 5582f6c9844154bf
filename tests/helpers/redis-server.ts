// A throwaway redis-server for integration tests: a free port, no persistence, killed by pid.
// `restart()` kills it and starts a new one on the same port, which is how tests simulate a
// Redis restart (clients see the connection drop and reconnect to an empty server).
import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { freePort } from './free-port'

export type TestRedis = {
  url: string
  port: number
  /** pid of the current redis-server process (changes on restart). */
  pid: number
  stop(): Promise<void>
  restart(): Promise<void>
}

const BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort()
  let child = await spawnRedis(port)
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
  }
  return handle
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('redis-server has no pid')
  return child.pid
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`redis-server exited early (${code}): ${output.slice(-500)}`))),
  )
  exited.catch(() => {})
  const deadline = Date.now() + 10_000
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) await exited
    if (Date.now() > deadline) {
      await kill(child)
      throw new Error(`redis-server did not listen on ${port}: ${output.slice(-500)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** SIGKILL by pid (a crash, not a shutdown) and wait until the process is gone. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  process.kill(pidOf(child), 'SIGKILL')
  await gone
}
