// The board client's connection loop: look the room up, connect a y-websocket provider to the
// node it names, and on every drop look up again (fresh token, maybe another node) after a
// jittered backoff. The Y.Doc outlives connections, so edits made offline merge on reconnect
// through the normal sync step 1/2 exchange.
//
// y-websocket reconnects by itself to the URL it already has; that is exactly what must not
// happen here (tokens are short-lived and the owner node can change). So every close turns the
// provider's own retry off and this loop takes over.
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { CloseCodes, shouldReconnect } from '@/lib/protocol/close-codes'
import { messageQueryAwareness } from '@/lib/protocol/message-types'
import type { RoomLookup } from '@/lib/protocol/lookup'
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff'
import { fetchRoomLookup, type LookupOutcome } from './room-lookup'

export type StopReason = 'revoked' | 'denied' | 'rejected' | 'role-changed'

export type ConnectionState =
  | { kind: 'looking-up' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** The socket is open and the initial sync with the node finished. */
  | { kind: 'synced' }
  | { kind: 'waiting'; retryInMs: number; reason: string }
  | { kind: 'stopped'; reason: StopReason; message: string }

/**
 * Dead-node detection. A node that is paused (SIGSTOP, a long GC, a frozen VM) or cut off by the
 * network keeps the TCP connection up but answers nothing, and y-websocket only notices after
 * 30 s without a message (and never while a handshake hangs). So once synced, when the socket has
 * been silent for `probeAfterMs` the client asks for awareness (a tiny query every node answers
 * with at least this client's own state), and when nothing at all arrives within
 * `probeTimeoutMs` of that probe it gives the node up and looks the room up again, avoiding that
 * node (reliability matrix F9: fail over within 5 s). Busy sockets never probe: any message is a
 * sign of life. Only an unanswered probe counts, so a background tab whose timers the browser
 * throttles is not mistaken for a dead node. Until the first sync, which includes loading the
 * board on a cold node, the limit is the much longer `connectMs`.
 */
export type LivenessOptions = { probeAfterMs: number; probeTimeoutMs: number; connectMs: number }

// A healthy node answers a probe in milliseconds; a false alarm costs one reconnect, never data.
export const DEFAULT_LIVENESS: LivenessOptions = { probeAfterMs: 500, probeTimeoutMs: 1_500, connectMs: 10_000 }

const QUERY_AWARENESS = new Uint8Array([messageQueryAwareness])

export type RoomConnectionOptions = {
  boardId: string
  shareToken?: string
  doc: Y.Doc
  awareness: Awareness
  /** Extra WebSocket query parameters, e.g. `{ saved: '1' }` to ask for saved acks. */
  params?: Record<string, string>
  onState(state: ConnectionState): void
  /** Each successful lookup, before its socket opens. Return a stop to refuse it. */
  onLookup?(lookup: RoomLookup): { stop: StopReason; message: string } | void
  /** Once, when the provider exists: register extra message handlers here. */
  onProvider?(provider: WebsocketProvider): void
  // Injectable for tests. `avoid`: the node the last connection could not reach, if any.
  lookup?: (signal: AbortSignal, avoid?: string) => Promise<LookupOutcome>
  random?: () => number
  backoff?: BackoffOptions
  liveness?: LivenessOptions
}

function stopFor(code: number): { reason: StopReason; message: string } | null {
  if (shouldReconnect(code)) return null
  if (code === CloseCodes.forbidden.code) {
    return { reason: 'revoked', message: 'Your access to this board was revoked, or the board was deleted.' }
  }
  if (code === CloseCodes.tooBig.code) {
    return { reason: 'rejected', message: 'A change from this tab was too large for the server. Reload the board to continue.' }
  }
  return { reason: 'rejected', message: 'The server refused a change from this tab. Reload the board to continue.' }
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '')
}

export class RoomConnection {
  private provider: WebsocketProvider | null = null
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private abort: AbortController | null = null
  private state: ConnectionState = { kind: 'looking-up' }
  private destroyed = false
  /** The node of the current or last socket. */
  private nodeUrl: string | null = null
  /**
   * A node whose socket failed or dropped without a close frame (killed, unreachable): the next
   * lookup asks the web tier to avoid it, since the registry keeps a crashed node for a whole
   * lease (lib/rooms/lookup.server.ts). Cleared by the next sync or a clean close.
   */
  private unreachable: string | undefined
  private watchdog: ReturnType<typeof setInterval> | null = null
  /** When the current socket was opened (for the handshake timeout). */
  private socketSince = 0
  private lastProbeAt = 0
  private readonly onOnline = () => {
    // The browser says the network is back: skip the rest of the backoff.
    if (this.state.kind === 'waiting') this.retryNow()
  }

  constructor(private readonly options: RoomConnectionOptions) {}

  start(): void {
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline)
    void this.connectOnce()
  }

  get current(): ConnectionState {
    return this.state
  }

  /** Stop for good (access gone, update rejected): no socket and no further lookups. */
  stop(reason: StopReason, message: string): void {
    if (this.destroyed || this.state.kind === 'stopped') return
    this.clearPending()
    this.setState({ kind: 'stopped', reason, message })
    this.provider?.disconnect()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.clearPending()
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline)
    if (this.watchdog !== null) clearInterval(this.watchdog)
    this.watchdog = null
    // destroy() disconnects; the close handler sees `destroyed` and does nothing.
    this.provider?.destroy()
    this.provider = null
  }

  private isStopped(): boolean {
    return this.state.kind === 'stopped'
  }

  private setState(state: ConnectionState): void {
    if (this.destroyed) return
    this.state = state
    this.options.onState(state)
  }

  private clearPending(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.abort?.abort()
    this.abort = null
  }

  private retryNow(): void {
    this.clearPending()
    void this.connectOnce()
  }

  private scheduleRetry(reason: string): void {
    if (this.destroyed || this.state.kind === 'stopped') return
    const delay = backoffDelay(this.attempt, this.options.random ?? Math.random, this.options.backoff ?? DEFAULT_BACKOFF)
    this.attempt += 1
    this.setState({ kind: 'waiting', retryInMs: delay, reason })
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connectOnce()
    }, delay)
  }

  private async connectOnce(): Promise<void> {
    if (this.destroyed || this.state.kind === 'stopped') return
    this.setState({ kind: 'looking-up' })
    const abort = new AbortController()
    this.abort = abort
    let outcome: LookupOutcome
    try {
      const { boardId, shareToken } = this.options
      const lookup = this.options.lookup ?? ((signal, avoid) => fetchRoomLookup(boardId, shareToken, signal, fetch, avoid))
      outcome = await lookup(abort.signal, this.unreachable)
    } catch {
      if (abort.signal.aborted) return // destroyed or superseded
      outcome = { ok: false, retry: true, message: 'The room lookup failed.' }
    }
    if (this.abort === abort) this.abort = null
    // `state` may have become 'stopped' while the lookup was in flight.
    if (this.destroyed || abort.signal.aborted || this.isStopped()) return

    if (!outcome.ok) {
      if (outcome.retry) this.scheduleRetry(outcome.message)
      else this.stop('denied', outcome.message)
      return
    }
    const refused = this.options.onLookup?.(outcome.lookup)
    if (refused) {
      this.stop(refused.stop, refused.message)
      return
    }
    this.open(outcome.lookup)
  }

  private open(lookup: RoomLookup): void {
    const params = { ...this.options.params, token: lookup.token }
    this.nodeUrl = lookup.url
    this.socketSince = Date.now()
    this.lastProbeAt = 0
    const { probeAfterMs } = this.options.liveness ?? DEFAULT_LIVENESS
    this.watchdog ??= setInterval(() => this.checkLiveness(), Math.min(250, probeAfterMs))
    this.setState({ kind: 'connecting' })
    if (this.provider) {
      const provider = this.provider
      provider.serverUrl = trimSlashes(lookup.url)
      provider.roomname = lookup.room
      provider.params = params
      provider.connect()
      return
    }
    const provider = new WebsocketProvider(trimSlashes(lookup.url), lookup.room, this.options.doc, {
      connect: true,
      awareness: this.options.awareness,
      params,
      // The server is the only path between tabs: a BroadcastChannel would let tabs exchange
      // updates and awareness without a token, and blur what "saved" means.
      disableBc: true,
      // Never let y-websocket decide: every close goes through this loop (see onClose).
      shouldReconnect: () => false,
    })
    this.provider = provider
    provider.on('status', ({ status }) => {
      if (status === 'connected' && this.state.kind === 'connecting') this.setState({ kind: 'connected' })
    })
    provider.on('sync', (synced) => {
      if (!synced) return
      this.attempt = 0 // a connection that synced did useful work
      this.unreachable = undefined
      this.setState({ kind: 'synced' })
    })
    provider.on('connection-close', (event) => this.onClose(provider, event))
    this.options.onProvider?.(provider)
    // The socket cannot have synced within this tick, but check anyway rather than rely on it.
    if (provider.synced) this.setState({ kind: 'synced' })
  }

  private checkLiveness(): void {
    const provider = this.provider
    const ws = provider?.ws
    if (!provider || !ws || this.destroyed || this.isStopped()) return
    const { probeAfterMs, probeTimeoutMs, connectMs } = this.options.liveness ?? DEFAULT_LIVENESS
    const now = Date.now()
    const lastHeard = Math.max(provider.wsLastMessageReceived, this.socketSince)
    const probing = this.lastProbeAt > lastHeard
    const dead = this.state.kind === 'synced' ? probing && now - this.lastProbeAt > probeTimeoutMs : now - this.socketSince > connectMs
    if (dead) {
      // Detaches the socket at once and emits connection-close without an event, which onClose
      // treats like a dead node.
      provider.disconnect()
    } else if (this.state.kind === 'synced' && !probing && now - lastHeard > probeAfterMs) {
      this.lastProbeAt = now
      ws.send(QUERY_AWARENESS)
    }
  }

  private onClose(provider: WebsocketProvider, event: CloseEvent | null): void {
    // Turn off y-websocket's own retry to the old URL. Not provider.disconnect(): the provider
    // emits this event before it detaches the socket, so disconnect() would re-enter the close.
    provider.shouldConnect = false
    if (this.destroyed || this.state.kind === 'stopped') return
    // 1006: no close frame, so the node died or cannot be reached (a node that shuts down or
    // moves the room says so with a code, after leaving the registry).
    this.unreachable = !event || event.code === 1006 ? (this.nodeUrl ?? undefined) : undefined
    if (event) {
      const stop = stopFor(event.code)
      if (stop) {
        this.stop(stop.reason, stop.message)
        return
      }
    }
    const reason = event ? `connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})` : 'connection lost'
    this.scheduleRetry(reason)
  }
}
