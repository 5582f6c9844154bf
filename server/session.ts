// One socket's loop: turns raw WebSocket messages into classified frames for its room, and owns
// everything that is about the socket rather than the document: binary-only, per-kind size
// limits, the rate limit, the viewer rule, backpressure, liveness, and closing.
//
// Viewer policy: a viewer's write frames (sync step 2 with content, updates, awareness) are
// dropped and the socket stays open. A stock client in a read-only view still emits an empty
// step 2 and its own awareness, so closing would disconnect honest viewers; dropping gives a
// hostile one nothing either.
import type { WebSocket, RawData } from 'ws'
import { canWrite } from '@/lib/auth/roles'
import type { RoomTokenClaims } from '@/lib/auth/room-token'
import type { Logger } from '@/lib/log'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { classifyFrame, type Frame } from '@/lib/protocol/frame'
import type { FrameTimings } from './frame-timings'
import type { Limits } from '@/lib/protocol/limits'
import { messageAwareness } from '@/lib/protocol/message-types'
import { TokenBucket } from './rate-limit'

export type CloseCode = { code: number; reason: string }

/** What a session needs from its room. */
export interface SessionHost {
  handleFrame(session: Session, frame: Frame, bytes: Uint8Array): void
  leave(session: Session): void
}

/**
 * Frames one socket may have handled per event-loop turn. ws emits every frame of a TCP read at
 * once, so a burst the token bucket still allows (up to messageBurst updates, each applied and
 * broadcast) would otherwise run in one go while every other socket's frames wait behind it
 * (reliability.md §6.1 B17: bystander p99 < 2× baseline). Past this, the socket's frames wait for
 * later turns, in order. Reading goes on, so the token bucket still sees a flood at line rate and
 * closes it (dropping what waits) before the node has worked through it; only past
 * BACKLOG_PAUSE_BYTES does the socket stop reading.
 */
const FRAMES_PER_TURN = 4
const BACKLOG_PAUSE_BYTES = 1024 * 1024

/** An awareness update with no entries: a no-op for y-protocols, but it counts as traffic. */
const KEEPALIVE = new Uint8Array([messageAwareness, 1, 0])

let nextSessionId = 1

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

export class Session {
  readonly id = nextSessionId++
  /** The awareness clientID this connection speaks for, fixed by its first awareness frame. */
  awarenessClientId: number | null = null
  /** Subscribed to saved acks (lib/protocol/saved.ts). */
  wantsSaved: boolean
  droppedWrites = 0
  #host: SessionHost | null = null
  /** Frames that arrived before the room was ready; null once started. */
  #queue: Uint8Array[] | null = []
  #queuedBytes = 0
  /** Frames received once started but deferred to a later turn (FRAMES_PER_TURN). */
  #backlog: Uint8Array[] = []
  #backlogBytes = 0
  #turnFrames = 0
  #draining = false
  #closed = false
  #lastSentAt: number
  #awaitingPong = false
  readonly #bucket: TokenBucket
  readonly #log: Logger

  constructor(
    readonly ws: WebSocket,
    readonly claims: RoomTokenClaims,
    readonly room: string,
    private readonly deps: { limits: Limits; log: Logger; now: () => number; wantsSaved: boolean; timings?: FrameTimings },
  ) {
    this.wantsSaved = deps.wantsSaved
    this.#lastSentAt = deps.now()
    this.#bucket = new TokenBucket(deps.limits.messagesPerSecond, deps.limits.messageBurst, deps.now)
    this.#log = deps.log.child({ session: this.id, sub: claims.sub, role: claims.role })
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary))
    ws.on('pong', () => (this.#awaitingPong = false))
    ws.on('close', () => this.#detach())
  }

  get closed(): boolean {
    return this.#closed
  }

  get started(): boolean {
    return this.#queue === null && !this.#closed
  }

  /** Bytes waiting for the room to finish loading. */
  get queuedBytes(): number {
    return this.#queue ? this.#queuedBytes : 0
  }

  get canWrite(): boolean {
    return canWrite(this.claims.role)
  }

  attach(host: SessionHost): void {
    this.#host = host
  }

  /** The room is ready and has greeted this socket: process what arrived meanwhile. */
  start(): void {
    const queued = this.#queue ?? []
    this.#queue = null
    this.#queuedBytes = 0
    for (const bytes of queued) {
      if (this.#closed) return
      this.#process(bytes)
    }
  }

  /** `droppable` frames (awareness) are skipped first when the client cannot keep up. */
  send(bytes: Uint8Array, droppable = false): void {
    if (this.#closed || this.ws.readyState !== this.ws.OPEN) return
    const buffered = this.ws.bufferedAmount
    if (buffered > this.deps.limits.hardBufferedBytes) {
      this.#log.warn('closing slow consumer', { buffered })
      this.close(CloseCodes.rateLimited)
      return
    }
    if (droppable && buffered > this.deps.limits.softBufferedBytes) return
    this.#lastSentAt = this.deps.now()
    this.ws.send(bytes, { binary: true }, (error) => {
      if (error) this.#log.debug('send failed', { error })
    })
  }

  close(code: CloseCode): void {
    if (this.#closed) return
    this.#log.debug('closing session', { code: code.code, reason: code.reason })
    // Leave the room now, not when the close handshake finishes: a hostile socket must stop
    // affecting the room at once.
    this.#detach()
    try {
      // A socket paused mid-burst (FRAMES_PER_TURN) must read again, or the peer's close frame
      // never arrives and the handshake waits out ws's 30 s close timeout.
      if (this.ws.isPaused) this.ws.resume()
      if (this.ws.readyState === this.ws.CONNECTING) this.ws.terminate()
      else this.ws.close(code.code, code.reason)
    } catch (error) {
      this.#log.warn('close failed', { error })
      this.ws.terminate()
    }
  }

  /** Called every few seconds by the node: liveness pings and keepalives for quiet rooms. */
  tick(now: number, keepaliveMs: number): void {
    if (this.#closed) return
    if (this.#awaitingPong) {
      this.#log.debug('no pong, terminating')
      this.#detach()
      this.ws.terminate()
      return
    }
    this.#awaitingPong = true
    this.ws.ping()
    // The stock client reconnects after 30 s without a message (y-websocket
    // messageReconnectTimeout); a lone viewer receives nothing else.
    if (this.started && now - this.#lastSentAt >= keepaliveMs) this.send(KEEPALIVE)
  }

  #detach(): void {
    if (this.#closed) return
    this.#closed = true
    this.#queue = null
    this.#queuedBytes = 0
    this.#backlog = []
    this.#backlogBytes = 0
    this.#host?.leave(this)
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return
    try {
      if (!isBinary) return this.close(CloseCodes.malformed)
      if (!this.#bucket.take()) return this.close(CloseCodes.rateLimited)
      const bytes = toBytes(data)
      if (this.#queue) {
        const { maxQueuedFramesBeforeReady, maxQueuedBytesBeforeReady } = this.deps.limits
        if (this.#queue.length >= maxQueuedFramesBeforeReady) return this.close(CloseCodes.rateLimited)
        // Per-kind size limits run only once the room is ready, so the queue needs its own byte cap.
        if (this.#queuedBytes + bytes.byteLength > maxQueuedBytesBeforeReady) return this.close(CloseCodes.rateLimited)
        this.#queue.push(bytes)
        this.#queuedBytes += bytes.byteLength
        return
      }
      if (this.#backlog.length === 0 && this.#turnFrames < FRAMES_PER_TURN) {
        if (this.#turnFrames++ === 0) setImmediate(() => (this.#turnFrames = 0))
        return this.#process(bytes)
      }
      this.#backlog.push(bytes)
      this.#backlogBytes += bytes.byteLength
      // Stop reading for now: what ws has already parsed still arrives here, nothing more.
      if (this.#backlogBytes > BACKLOG_PAUSE_BYTES) this.ws.pause()
      if (!this.#draining) {
        this.#draining = true
        setImmediate(() => this.#drain())
      }
    } catch (error) {
      this.#log.warn('message handler failed', { error })
      this.close(CloseCodes.malformed)
    }
  }

  #drain(): void {
    this.#draining = false
    if (this.#closed) return
    for (let n = 0; n < FRAMES_PER_TURN && this.#backlog.length > 0 && !this.#closed; n++) {
      const bytes = this.#backlog.shift()!
      this.#backlogBytes -= bytes.byteLength
      this.#process(bytes)
    }
    if (this.#closed) return
    if (this.ws.isPaused && this.#backlogBytes <= BACKLOG_PAUSE_BYTES) this.ws.resume()
    if (this.#backlog.length > 0) {
      this.#draining = true
      setImmediate(() => this.#drain())
    }
  }

  #process(bytes: Uint8Array): void {
    const started = performance.now()
    try {
      const frame = classifyFrame(bytes)
      if (frame.kind === 'malformed' || frame.kind === 'unknown') {
        this.#log.info('bad frame', { kind: frame.kind, bytes: bytes.byteLength })
        return this.close(CloseCodes.malformed)
      }
      const tooBig = this.#overLimit(frame)
      if (tooBig) {
        this.#log.info('frame over limit', { kind: frame.kind, bytes: bytes.byteLength })
        return this.close(CloseCodes.tooBig)
      }
      if (frame.writes && !this.canWrite) {
        this.droppedWrites++
        return
      }
      this.#host?.handleFrame(this, frame, bytes)
    } catch (error) {
      this.#log.warn('frame handler failed', { error })
      this.close(CloseCodes.malformed)
    } finally {
      this.deps.timings?.record(performance.now() - started)
    }
  }

  #overLimit(frame: Frame): boolean {
    const size = frame.payload?.byteLength ?? 0
    const { limits } = this.deps
    switch (frame.kind) {
      case 'update':
        return size > limits.maxUpdateBytes
      case 'sync-step-2':
        return size > limits.maxSyncStep2Bytes
      case 'awareness':
        // Stock clients echo everyone's states back, so a frame may hold many; each state is
        // checked against maxAwarenessStateBytes by the room.
        return size > limits.maxAwarenessFrameBytes
      default:
        return false
    }
  }
}
