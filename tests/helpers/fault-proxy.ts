// A TCP proxy that injects network faults between a service (Redis, Postgres) and its clients:
// the PROXY of research/reliability.md §6. Point a client at `port` instead of the service's; the
// proxy forwards byte for byte until a test asks for a fault. Faults apply to open connections
// and to new ones until `heal()`.
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export type FaultProxy = {
  port: number
  /** Open client connections (each paired with one upstream connection). */
  readonly connections: number
  /** Every chunk, in both directions, is held `ms` before it is forwarded (order is kept). */
  delay(ms: number): void
  /**
   * Stop forwarding: both sides stop being read, so bytes pile up in the kernel and then in the
   * sender (as in a partition where TCP keeps retransmitting). New connections wait too. `heal`
   * delivers everything that was held.
   */
  drop(): void
  /** Destroys every open connection with a TCP RST; new ones are served normally. */
  reset(): void
  /**
   * Accepts connections and never answers: bytes in both directions are read and discarded.
   * Connections that lived through a blackhole lost bytes mid-stream, so `heal` resets them.
   */
  blackhole(): void
  /** Back to plain forwarding with no delay. */
  heal(): void
  close(): Promise<void>
}

type Mode = 'forward' | 'drop' | 'blackhole'

const settled: Promise<void> = Promise.resolve()

type Pair = {
  client: Socket
  upstream: Socket | null
  /** Set once this pair lost bytes to a blackhole. */
  corrupt: boolean
  /** Connects upstream; deferred while the proxy drops or blackholes. */
  open(): void
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  let mode: Mode = 'forward'
  let delayMs = 0
  const pairs = new Set<Pair>()

  /** Forwards `from` to `to`, honouring the current mode and delay at the time each chunk arrives. */
  function pipe(pair: Pair, from: Socket, to: Socket): void {
    let tail: Promise<void> = settled
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') {
        pair.corrupt = true
        return
      }
      if (delayMs === 0 && tail === settled) {
        if (!to.write(chunk)) from.pause()
        return
      }
      // Due `delayMs` after it arrived, not after the previous chunk left: a delay, not a throttle.
      const due = Date.now() + delayMs
      const next = tail.then(() => new Promise<void>((resolve) => setTimeout(resolve, due - Date.now()))).then(() => {
        if (!to.destroyed) to.write(chunk)
        if (tail === next) tail = settled
      })
      tail = next
    })
    to.on('drain', () => {
      if (mode === 'forward') from.resume()
    })
    from.on('end', () => void tail.then(() => to.end()))
  }

  function destroy(pair: Pair, hard: boolean): void {
    pairs.delete(pair)
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue
      if (hard) socket.resetAndDestroy()
      else socket.destroy()
    }
  }

  const server: Server = createServer((client) => {
    const pair: Pair = {
      client,
      upstream: null,
      corrupt: false,
      open() {
        if (pair.upstream || client.destroyed) return
        const upstream = connect(targetPort, targetHost)
        pair.upstream = upstream
        upstream.on('error', () => destroy(pair, false))
        upstream.on('close', () => destroy(pair, false))
        pipe(pair, client, upstream)
        pipe(pair, upstream, client)
      },
    }
    pairs.add(pair)
    client.on('error', () => destroy(pair, false))
    client.on('close', () => destroy(pair, false))
    if (mode === 'drop') client.pause()
    if (mode === 'blackhole') {
      pair.corrupt = true
      client.resume()
    }
    if (mode === 'forward') pair.open()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  const eachSocket = (f: (socket: Socket) => void): void => {
    for (const pair of pairs) for (const socket of [pair.client, pair.upstream]) if (socket && !socket.destroyed) f(socket)
  }

  return {
    port,
    get connections() {
      return pairs.size
    },
    delay(ms) {
      delayMs = ms
    },
    drop() {
      mode = 'drop'
      eachSocket((socket) => socket.pause())
    },
    reset() {
      for (const pair of [...pairs]) destroy(pair, true)
    },
    blackhole() {
      mode = 'blackhole'
      // Paused sockets would never be read, and a blackhole reads (and discards) everything.
      eachSocket((socket) => socket.resume())
    },
    heal() {
      mode = 'forward'
      delayMs = 0
      for (const pair of [...pairs]) {
        if (pair.corrupt) destroy(pair, true)
        else pair.open()
      }
      eachSocket((socket) => socket.resume())
    },
    async close() {
      for (const pair of [...pairs]) destroy(pair, false)
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
