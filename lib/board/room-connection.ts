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
  // Injectable for tests.
  lookup?: (signal: AbortSignal) => Promise<LookupOutcome>
  random?: () => number
  backoff?: BackoffOptions
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
      outcome = await (this.options.lookup ?? ((signal) => fetchRoomLookup(boardId, shareToken, signal)))(abort.signal)
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
      this.setState({ kind: 'synced' })
    })
    provider.on('connection-close', (event) => this.onClose(provider, event))
    this.options.onProvider?.(provider)
    // The socket cannot have synced within this tick, but check anyway rather than rely on it.
    if (provider.synced) this.setState({ kind: 'synced' })
  }

  private onClose(provider: WebsocketProvider, event: CloseEvent | null): void {
    // Turn off y-websocket's own retry to the old URL. Not provider.disconnect(): the provider
    // emits this event before it detaches the socket, so disconnect() would re-enter the close.
    provider.shouldConnect = false
    if (this.destroyed || this.state.kind === 'stopped') return
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
