// HTTP/1.1 on a bare TCP socket, for what fetch and http.request will not send: thousands of
// headers, a request head trickled a byte at a time (reliability.md B19, B20). The server's
// answer is read as text; only the status line is parsed.
import { connect, type Socket } from 'node:net'

export type RawAnswer = {
  /** Status code of the first response line, or null if none arrived. */
  status: number | null
  /** Whether the server closed (or reset) the connection before `timeoutMs`. */
  closed: boolean
  text: string
}

function statusOf(text: string): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
  return match?.[1] ? Number(match[1]) : null
}

/** A request head for `path` with `headers` in the given order (duplicates allowed). */
export function requestHead(method: string, path: string, headers: ReadonlyArray<readonly [string, string]>): string {
  return `${method} ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
}

/** The headers a stock WebSocket client sends on an upgrade. */
export function upgradeHeaders(port: number): Array<[string, string]> {
  return [
    ['Host', `127.0.0.1:${port}`],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
  ]
}

/** Sends `bytes` at once and reads until the server closes or answers a status, or `timeoutMs`. */
export function rawExchange(port: number, bytes: string, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let settled = false
    const finish = (closed: boolean): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ status: statusOf(text), closed, text })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('connect', () => socket.write(bytes))
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      // A full status line is the answer; the server may keep the socket a moment longer.
      if (text.includes('\r\n\r\n')) finish(false)
    })
    socket.on('error', () => finish(true))
    socket.on('close', () => finish(true))
  })
}

export type Trickle = {
  /** Resolves with ms from connect to the server closing the socket (never, if it stays open). */
  readonly closedAfter: Promise<number>
  /** Bytes of the head sent so far. */
  sent(): number
  destroy(): void
}

/** Opens a connection and sends `head` one byte every `intervalMs` (a slowloris client). */
export function trickle(port: number, head: string, intervalMs = 1_000): Trickle {
  const socket: Socket = connect(port, '127.0.0.1')
  let sent = 0
  let timer: NodeJS.Timeout | undefined
  const startedAt = Date.now()
  const closedAfter = new Promise<number>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer)
      resolve(Date.now() - startedAt)
    })
  })
  socket.on('error', () => socket.destroy())
  // Read whatever comes: a socket nobody reads only notices the server's close on its next write.
  socket.resume()
  socket.on('connect', () => {
    const step = (): void => {
      if (sent >= head.length || socket.destroyed) return
      socket.write(head[sent] ?? '')
      sent += 1
    }
    step()
    timer = setInterval(step, intervalMs)
  })
  return {
    closedAfter,
    sent: () => sent,
    destroy: () => {
      clearInterval(timer)
      socket.destroy()
    },
  }
}
