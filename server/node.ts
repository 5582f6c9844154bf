// The sync node: accepts WebSocket upgrades for /sync/<room>, verifies room tokens, owns the
// rooms loaded on this process, heartbeats into the node registry and obeys control messages
// (share revoked, board deleted). Embedded mode runs one inside the web process; scale-out runs
// one per process with Redis implementations of the bus, registry and lock.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import { verifyRoomToken, type RoomTokenKey, type VerifyResult } from '@/lib/auth/room-token'
import type { Logger } from '@/lib/log'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { resolveLimits, type Limits } from '@/lib/protocol/limits'
import { boardRoom } from '@/lib/protocol/room-name'
import { DEFAULT_COMPACTION_POLICY, type CompactionPolicy } from '@/lib/persistence/compaction'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { CONTROL_CHANNEL, type ControlMessage, type RoomBus, type Unsubscribe } from '@/lib/rooms/bus'
import { CountingBus, type RelayCounters } from '@/lib/rooms/counting-bus'
import type { NodeRegistry } from '@/lib/rooms/registry'
import { DEFAULT_BATCH_TUNING } from './append-batcher'
import { systemClock, TimerSet, type Clock } from './clock'
import { FrameTimings, type FrameTimingSummary } from './frame-timings'
import { Room, type RoomTuning, type UpdateValidator } from './room'
import { MemoryRoomLock, type RoomLock } from './room-lock'
import { Session } from './session'
import { isOriginAllowed, parseUpgradeTarget, rejectUpgrade, type UpgradeTarget } from './upgrade'

export type NodeTuning = RoomTuning & {
  heartbeatMs: number
  leaseMs: number
  /** Liveness pings and keepalives run on this period. */
  tickMs: number
  /** Send a no-op frame to a socket that has heard nothing for this long. */
  keepaliveMs: number
  /** How long a revoked share id is remembered: the longest a token signed before could live. */
  revocationMemoryMs: number
}

export const DEFAULT_NODE_TUNING: Readonly<NodeTuning> = Object.freeze({
  ...DEFAULT_BATCH_TUNING,
  unloadDelayMs: 2_000,
  flushDeadlineMs: 10_000,
  resyncMs: 10_000,
  peerWindowMs: 60_000,
  // Far above a bus hop (≤ 10 ms at L2), so in-flight content is never re-sent.
  settleMs: 2_000,
  checkpointIntervalMs: 10_000,
  heartbeatMs: 2_000,
  leaseMs: 6_000,
  tickMs: 10_000,
  keepaliveMs: 15_000,
  // ROOM_TOKEN_TTL_SECONDS is at most 3600 (lib/env.server.ts), plus the verifier's 5 s tolerance.
  revocationMemoryMs: 3_605_000,
})

export type SyncNodeOptions = {
  id: string
  /** ws(s):// base clients use, e.g. ws://10.0.0.5:4001/sync; '' in embedded mode = the web origin. */
  publicUrl: string
  updateLog: UpdateLog
  bus: RoomBus
  registry: NodeRegistry
  /** Keys accepted for room tokens, current first. */
  tokenKeys: RoomTokenKey[]
  /** Origins besides the request's own host that may open sockets (ALLOWED_ORIGINS). */
  allowedOrigins: string[]
  log: Logger
  limits?: Partial<Limits>
  /** Gate for every client update (lib/board/validate-update.ts); default accepts all. */
  validateUpdate?: UpdateValidator
  lock?: RoomLock
  clock?: Clock
  tuning?: Partial<NodeTuning>
  compaction?: Partial<CompactionPolicy>
}

export type RoomStats = ReturnType<Room['stats']> & { state: Room['state'] }

export type SyncNodeStats = {
  rooms: number
  loadingRooms: number
  connections: number
  /** Timers armed by rooms (0 when every room has unloaded). */
  roomTimers: number
  /** Bytes of client updates received but not yet committed. */
  pendingBytes: number
  /** Bytes of frames sockets sent before their room was ready (maxQueuedBytesBeforeReady each). */
  queuedBytes: number
  /** Cumulative room-bus traffic to and from peer nodes since start. */
  relay: RelayCounters
  /** Time on the node's thread per client frame since start (frame-timings.ts). */
  frames: FrameTimingSummary
}

export interface SyncNode {
  readonly id: string
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  stats(): SyncNodeStats
  roomStats(room: string): RoomStats | undefined
  /** Graceful: deregister, close sockets (goingAway by default), commit every room, release all. */
  close(options?: { code?: 'goingAway' | 'moved' }): Promise<void>
}

export type { UpdateValidator, ValidateResult } from './room'

const controlSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('share-revoked'), boardId: z.string(), shareId: z.string() }),
  z.object({ type: z.literal('board-deleted'), boardId: z.string() }),
  z.object({ type: z.literal('access-changed'), boardId: z.string(), at: z.number() }),
  z.object({
    type: z.literal('restore'),
    boardId: z.string(),
    versionId: z.number().int().positive(),
    owner: z.string(),
    requestId: z.string().max(100),
    name: z.string().max(200),
    by: z.string().max(80),
  }),
  // Answers to the web tier; nodes ignore them.
  z.object({ type: z.literal('restore-done'), requestId: z.string() }).passthrough(),
])

type NodeControl = z.infer<typeof controlSchema>

const acceptAll: UpdateValidator = () => ({ ok: true })

export async function createSyncNode(options: SyncNodeOptions): Promise<SyncNode> {
  const node = new SyncNodeImpl(options)
  await node.start()
  return node
}

class SyncNodeImpl implements SyncNode {
  readonly id: string
  readonly #wss: WebSocketServer
  readonly #rooms = new Map<string, Room>()
  readonly #sessions = new Set<Session>()
  readonly #frameTimings = new FrameTimings()
  readonly #perIp = new Map<string, number>()
  /** shareId -> when it may be forgotten */
  readonly #revoked = new Map<string, number>()
  /** room -> tokens issued (iat, s) before this second are stale, and when it may be forgotten */
  readonly #staleBefore = new Map<string, { iat: number; until: number }>()
  readonly #limits: Limits
  readonly #tuning: NodeTuning
  readonly #clock: Clock
  readonly #timers: TimerSet
  readonly #lock: RoomLock
  readonly #log: Logger
  /** Every room's relay goes through this wrapper, so the node can report its relay traffic. */
  readonly #bus: CountingBus
  #unsubscribeControl: Unsubscribe | null = null
  #closing: Promise<void> | null = null

  constructor(private readonly options: SyncNodeOptions) {
    this.id = options.id
    this.#limits = resolveLimits(options.limits)
    this.#tuning = { ...DEFAULT_NODE_TUNING, ...options.tuning }
    this.#clock = options.clock ?? systemClock
    this.#timers = new TimerSet(this.#clock)
    this.#lock = options.lock ?? new MemoryRoomLock()
    this.#log = options.log.child({ node: options.id })
    this.#bus = new CountingBus(options.bus)
    // perMessageDeflate stays off (the ws default): compression bombs and CPU per frame.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.#limits.maxFrameBytes })
    this.#wss.on('error', (error) => this.#log.error('websocket server error', { error }))
  }

  async start(): Promise<void> {
    this.#unsubscribeControl = await this.#bus.subscribe(CONTROL_CHANNEL, (message) => this.#onControl(message))
    await this.#heartbeat()
    this.#timers.interval(() => void this.#heartbeat(), this.#tuning.heartbeatMs)
    this.#timers.interval(() => this.#tick(), this.#tuning.tickMs)
    this.#log.info('sync node started', { url: this.options.publicUrl })
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Without a listener, a reset during the handshake would be an uncaught 'error'.
    socket.on('error', (error) => this.#log.debug('upgrade socket error', { error }))
    if (this.#closing) return rejectUpgrade(socket, 503)
    const target = parseUpgradeTarget(req.url)
    if (!target.ok) return rejectUpgrade(socket, target.status)
    if (!isOriginAllowed(req, this.options.allowedOrigins)) {
      this.#log.info('upgrade from a foreign origin refused', { origin: req.headers.origin })
      return rejectUpgrade(socket, 403)
    }
    this.#admit(req, socket, head, target).catch((error: unknown) => {
      this.#log.error('upgrade failed', { error })
      socket.destroy()
    })
  }

  stats(): SyncNodeStats {
    let loadingRooms = 0
    let roomTimers = 0
    let pendingBytes = 0
    for (const room of this.#rooms.values()) {
      const s = room.stats()
      if (room.state === 'loading') loadingRooms++
      roomTimers += s.timers
      pendingBytes += s.pendingBytes
    }
    let queuedBytes = 0
    for (const session of this.#sessions) queuedBytes += session.queuedBytes
    return {
      rooms: this.#rooms.size,
      loadingRooms,
      connections: this.#sessions.size,
      roomTimers,
      pendingBytes,
      queuedBytes,
      relay: this.#bus.counters(),
      frames: this.#frameTimings.summary(),
    }
  }

  roomStats(name: string): RoomStats | undefined {
    const room = this.#rooms.get(name)
    return room ? { ...room.stats(), state: room.state } : undefined
  }

  close(options: { code?: 'goingAway' | 'moved' } = {}): Promise<void> {
    this.#closing ??= this.#shutdown(CloseCodes[options.code ?? 'goingAway'])
    return this.#closing
  }

  async #admit(req: IncomingMessage, socket: Duplex, head: Buffer, target: Extract<UpgradeTarget, { ok: true }>): Promise<void> {
    const verdict = await verifyRoomToken(target.token, target.room, this.options.tokenKeys, this.#clock.now())
    if (this.#closing) return rejectUpgrade(socket, 503)
    // Accept even a bad token: a browser cannot read an upgrade's HTTP status, but it can read a close code.
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onSocket(ws, target, verdict, req.socket.remoteAddress ?? 'unknown'))
  }

  #onSocket(ws: WebSocket, target: Extract<UpgradeTarget, { ok: true }>, verdict: VerifyResult, ip: string): void {
    ws.on('error', (error) => this.#log.debug('socket error', { error }))
    if (!verdict.ok) {
      this.#log.info('room token refused', { room: target.room, reason: verdict.reason })
      return ws.close(CloseCodes.unauthorized.code, CloseCodes.unauthorized.reason)
    }
    const { claims } = verdict
    if (claims.sid && this.#isRevoked(claims.sid)) return ws.close(CloseCodes.forbidden.code, CloseCodes.forbidden.reason)
    // Issued before the board's access changed: the lookup must decide again (it may refuse).
    const stale = this.#staleBefore.get(target.room)
    if (stale && claims.iat < stale.iat) return ws.close(CloseCodes.unauthorized.code, CloseCodes.unauthorized.reason)
    const open = this.#perIp.get(ip) ?? 0
    if (open >= this.#limits.maxConnectionsPerIp) return ws.close(CloseCodes.rateLimited.code, CloseCodes.rateLimited.reason)
    this.#perIp.set(ip, open + 1)

    const session = new Session(ws, claims, target.room, {
      limits: this.#limits,
      log: this.#log.child({ room: target.room }),
      now: this.#clock.now,
      wantsSaved: target.wantsSaved,
      timings: this.#frameTimings,
    })
    this.#sessions.add(session)
    ws.once('close', () => {
      this.#sessions.delete(session)
      const left = (this.#perIp.get(ip) ?? 1) - 1
      if (left <= 0) this.#perIp.delete(ip)
      else this.#perIp.set(ip, left)
    })
    this.#roomFor(target.room).join(session)
  }

  #roomFor(name: string): Room {
    const existing = this.#rooms.get(name)
    if (existing && existing.state !== 'closed') return existing
    const room = new Room({
      name,
      updateLog: this.options.updateLog,
      bus: this.#bus,
      lock: this.#lock,
      validateUpdate: this.options.validateUpdate ?? acceptAll,
      limits: this.#limits,
      tuning: this.#tuning,
      policy: { ...DEFAULT_COMPACTION_POLICY, ...this.options.compaction },
      clock: this.#clock,
      log: this.#log,
      onClosed: (closed) => {
        if (this.#rooms.get(closed.name) === closed) this.#rooms.delete(closed.name)
      },
    })
    this.#rooms.set(name, room)
    return room
  }

  #isRevoked(shareId: string): boolean {
    const until = this.#revoked.get(shareId)
    return until !== undefined && until > this.#clock.now()
  }

  #onControl(message: Uint8Array): void {
    let control: NodeControl
    try {
      const parsed = controlSchema.safeParse(JSON.parse(new TextDecoder().decode(message)))
      if (!parsed.success) return this.#log.warn('unknown control message')
      control = parsed.data
    } catch (error) {
      return this.#log.warn('unreadable control message', { error })
    }
    if (control.type === 'restore-done') return
    const room = boardRoom(control.boardId)
    if (control.type === 'restore') {
      if (control.owner === this.id) void this.#restore(room, control)
      return
    }
    if (control.type === 'share-revoked') {
      this.#revoked.set(control.shareId, this.#clock.now() + this.#tuning.revocationMemoryMs)
      for (const session of [...this.#sessions]) {
        if (session.room === room && session.claims.sid === control.shareId) session.close(CloseCodes.forbidden)
      }
      this.#log.info('share revoked', { room, shareId: control.shareId })
    } else if (control.type === 'access-changed') {
      // Token seconds: a token issued in the same second as the change is still accepted, so a
      // fresh one never loops; the window is under a second.
      this.#staleBefore.set(room, { iat: Math.floor(control.at / 1000), until: this.#clock.now() + this.#tuning.revocationMemoryMs })
      for (const session of [...this.#sessions]) if (session.room === room) session.close(CloseCodes.unauthorized)
      this.#log.info('board access changed', { room })
    } else {
      this.#rooms.get(room)?.evict(CloseCodes.forbidden)
      this.#log.info('board deleted', { room })
    }
  }

  async #restore(room: string, request: Extract<NodeControl, { type: 'restore' }>): Promise<void> {
    const reply = (answer: Extract<ControlMessage, { type: 'restore-done' }>) =>
      this.#bus.publish(CONTROL_CHANNEL, new TextEncoder().encode(JSON.stringify(answer))).catch((error: unknown) => this.#log.warn('restore reply failed', { error }))
    try {
      const target = await this.options.updateLog.readCheckpoint(room, request.versionId)
      if (!target) return void (await reply({ type: 'restore-done', requestId: request.requestId, ok: false, status: 404, error: 'no such version' }))
      const versionId = await this.#roomFor(room).restore(target, { name: request.name, by: request.by })
      await reply({ type: 'restore-done', requestId: request.requestId, ok: true, versionId })
    } catch (error) {
      this.#log.warn('restore failed', { room, error })
      await reply({ type: 'restore-done', requestId: request.requestId, ok: false, status: 503, error: error instanceof Error ? error.message : String(error) })
    }
  }

  async #heartbeat(): Promise<void> {
    const { rooms, connections, relay } = this.stats()
    const info = { id: this.id, url: this.options.publicUrl, pid: process.pid, rooms, connections, relay, lastSeen: this.#clock.now() }
    try {
      await this.options.registry.heartbeat(info, this.#tuning.leaseMs)
    } catch (error) {
      this.#log.warn('heartbeat failed', { error })
    }
  }

  #tick(): void {
    const now = this.#clock.now()
    for (const session of this.#sessions) session.tick(now, this.#tuning.keepaliveMs)
    for (const [shareId, until] of this.#revoked) if (until <= now) this.#revoked.delete(shareId)
    for (const [room, stale] of this.#staleBefore) if (stale.until <= now) this.#staleBefore.delete(room)
  }

  async #shutdown(code: { code: number; reason: string }): Promise<void> {
    this.#timers.clearAll()
    try {
      await this.options.registry.remove(this.id)
    } catch (error) {
      this.#log.warn('deregister failed', { error })
    }
    // Sockets close first so nothing new arrives; then every room commits its batch.
    await Promise.all([...this.#rooms.values()].map((room) => room.shutdown(code)))
    try {
      await this.#unsubscribeControl?.()
    } catch (error) {
      this.#log.warn('control unsubscribe failed', { error })
    }
    await this.#drainSockets(1_000)
    this.#wss.close()
    this.#log.info('sync node stopped')
  }

  /** Give closing handshakes a moment, then cut whatever is left. */
  async #drainSockets(ms: number): Promise<void> {
    const deadline = this.#clock.now() + ms
    while (this.#wss.clients.size > 0 && this.#clock.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    for (const ws of this.#wss.clients) ws.terminate()
  }
}
