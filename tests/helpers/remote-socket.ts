// A raw WebSocket client in a child process, so what it holds (a frame it builds, what it leaves
// unread, its heap) never counts in the memory of an in-process node measured by the test
// (reliability matrix B9, F8). Plain CommonJS for `node -e`: it starts in ~100 ms, no tsx.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

const CLIENT = `
const WebSocket = require('ws')
const [url, mode, size] = process.argv.slice(1)
const say = (event) => process.stdout.write(JSON.stringify(event) + '\\n')
// The parent holds our stdin: it ends when the parent exits or dies, and so do we. Reading it
// also keeps the event loop alive, which a paused socket does not.
process.stdin.on('end', () => process.exit(0)).resume()
const ws = new WebSocket(url)
ws.on('error', () => {})
ws.on('unexpected-response', (_req, res) => { say({ event: 'refused', status: res.statusCode }); process.exit(1) })
ws.on('close', (code) => { say({ event: 'close', code }); process.exit(0) })
ws.on('open', () => {
  // ws's pause() also keeps the parser from resuming the socket when it drains.
  if (mode === 'pause') ws.pause()
  else {
    // A y-websocket update message (sync 0, update 2, varuint length) of 'size' payload bytes.
    const head = [0, 2]
    for (let n = Number(size); ; n = Math.floor(n / 128)) { if (n < 128) { head.push(n); break } head.push((n & 127) | 128) }
    ws.send(Buffer.concat([Buffer.from(head), Buffer.alloc(Number(size))]))
  }
  say({ event: 'open' })
})
`

export type RemoteSocket = {
  pid: number
  opened: Promise<void>
  /** The close code the client saw; -1 if the process ended without one. */
  closed: Promise<number>
  kill(): void
}

/**
 * A socket to `room` on the node at `url` (as rawSocket in sync-harness.ts). 'pause': stop reading
 * once open. `{ sendBytes }`: send one update message of that payload size.
 */
export function remoteSocket(url: string, room: string, token: string, mode: 'pause' | { sendBytes: number }): RemoteSocket {
  const args = mode === 'pause' ? ['pause', '0'] : ['send', String(mode.sendBytes)]
  const target = `${url}/${room}?token=${encodeURIComponent(token)}`
  const child = spawn(process.execPath, ['-e', CLIENT, target, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  let onOpen: () => void = () => {}
  let onFail: (error: Error) => void = () => {}
  const opened = new Promise<void>((resolve, reject) => {
    onOpen = resolve
    onFail = reject
  })
  opened.catch(() => {})
  let code = -1
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as { event: string; code?: number; status?: number }
    if (event.event === 'open') onOpen()
    else if (event.event === 'close') code = event.code ?? -1
    else onFail(new Error(`upgrade refused: HTTP ${event.status}`))
  })
  // 'close', not 'exit': every line the client printed has been read by then.
  const closed = new Promise<number>((resolve) =>
    child.once('close', () => {
      onFail(new Error('client exited before open'))
      resolve(code)
    }),
  )
  return {
    pid: child.pid ?? -1,
    opened,
    closed,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
