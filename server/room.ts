// One board room on this node: its Y.Doc (gc on), its awareness, its sessions and timers.
// Invariants: (1) no client is answered before the stored state is loaded, and a failed load
// closes clients instead of serving an empty document (yjs/y-websocket-server#7); (2) every
// client update is validated before it is applied, and a bad one closes only its socket;
// (3) the room unloads only after its last batch is committed, and leaves no timer behind;
// (4) checkpoints (checkpointer.ts) follow commits and never sit in the append or ack path.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { Logger } from '@/lib/log'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { isEmptyUpdate, type Frame } from '@/lib/protocol/frame'
import type { Limits } from '@/lib/protocol/limits'
import { decodeSaved, encodeSavedAck, encodeSavedUnsaved } from '@/lib/protocol/saved'
import type { CompactionPolicy } from '@/lib/persistence/compaction'
import { isBoardNotFound, type LoadedLog, type UpdateLog } from '@/lib/persistence/update-log'
import type { RoomBus } from '@/lib/rooms/bus'
import { applyRestore } from '@/lib/history/restore'
import { AppendBatcher, type BatchTuning } from './append-batcher'
import { Checkpointer } from './checkpointer'
import { AwarenessFanout, Presence } from './presence'
import { TimerSet, type Clock } from './clock'
import { RoomRelay, applyPeerFrame, awarenessFrame, roomChannel, syncFrame, updateFrame } from './relay'
import { RoomSize } from './room-size'
import { SettledState } from './settled-state'
import type { RoomLock } from './room-lock'
import { Session, type CloseCode, type SessionHost } from './session'

export type ValidateResult = { ok: true } | { ok: false; reason: string }
/** Same shape as lib/board/validate-update.ts; `doc` is the room's document, read-only. */
export type UpdateValidator = (update: Uint8Array, context: { doc: Y.Doc; room: string }) => ValidateResult

export type RoomTuning = BatchTuning & {
  /** Grace period after the last client leaves, so a reconnect does not reload the board. */
  unloadDelayMs: number
  /** How long an unload or shutdown keeps retrying a failing append. */
  flushDeadlineMs: number
  /** State-vector exchange with peer nodes, while a peer spoke within `peerWindowMs`. */
  resyncMs: number
  peerWindowMs: number
  /** A peer's gap is answered once this node has held the content this long (settled-state.ts). */
  settleMs: number
  /** At most one full-state checkpoint per this period while the room has committed changes. */
  checkpointIntervalMs: number
}

export type RoomDeps = {
  name: string
  updateLog: UpdateLog
  bus: RoomBus
  lock: RoomLock
  validateUpdate: UpdateValidator
  limits: Limits
  tuning: RoomTuning
  policy: CompactionPolicy
  clock: Clock
  log: Logger
  onClosed(room: Room): void
}

/** Transaction origins that are not a local client: never appended by this node, never re-published. */
const LOAD = Symbol('load')
const BUS = Symbol('bus')
/** A version restore (lib/history/restore.ts): appended and relayed like a client's edit. */
const RESTORE = Symbol('restore')

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

/** While no peer listens (RoomBus.hasPeers), awareness is still published this often. */
const AWARENESS_PROBE_MS = 1_000

export class Room implements SessionHost {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly sessions = new Set<Session>()
  readonly timers: TimerSet
  state: 'loading' | 'ready' | 'unloading' | 'closed' = 'loading'
  /** Settles when loading finished, successfully or not. */
  readonly loaded: Promise<void>
  #batcher: AppendBatcher | null = null
  #checkpointer: Checkpointer | null = null
  readonly #relay: RoomRelay
  readonly #log: Logger
  /** Per client, the clock up to which updates are known to be in the log. */
  readonly #durable = new Map<number, number>()
  readonly #presence: Presence
  readonly #awarenessOut: AwarenessFanout
  /** When this room last published awareness on the bus (the probe in #flushAwareness). */
  #awarenessPublishedAt = -Infinity
  /** For maxRoomDocBytes; set from the stored bytes when the room loads (room-size.ts). */
  #size = new RoomSize(0)
  /** Per session, bytes of its gap updates dropped so far (maxPendingStructBytes). */
  readonly #gapBytes = new WeakMap<Session, number>()
  #cancelUnload: (() => void) | null = null
  #offReconnect: (() => void) | null = null
  readonly #settled: SettledState

  constructor(private readonly deps: RoomDeps) {
    this.#settled = new SettledState(deps.tuning.settleMs)
    this.#log = deps.log.child({ room: deps.name })
    this.timers = new TimerSet(deps.clock)
    this.#relay = new RoomRelay(deps.name, deps.bus, this.#log, deps.clock.now)
    this.#presence = new Presence(this.awareness, deps.limits, this.#log)
    this.#awarenessOut = new AwarenessFanout((all, local) => this.#flushAwareness(all, local), this.timers, deps.clock.now)
    // The server is not a participant: no awareness state of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#guarded('doc update', () => this.#onDocUpdate(update, origin)))
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.#guarded('awareness update', () => this.#onAwarenessUpdate(change, origin)),
    )
    this.loaded = this.#load()
  }

  get name(): string {
    return this.deps.name
  }

  join(session: Session): void {
    if (this.state === 'closed') throw new Error(`room ${this.name} is closed`)
    this.sessions.add(session)
    session.attach(this)
    this.#cancelUnload?.()
    this.#cancelUnload = null
    if (this.state !== 'loading') this.#greet(session)
  }

  leave(session: Session): void {
    if (!this.sessions.delete(session)) return
    this.#presence.release(session)
    if (this.sessions.size === 0 && this.state === 'ready') this.#scheduleUnload()
  }

  handleFrame(session: Session, frame: Frame, bytes: Uint8Array): void {
    const payload = frame.payload ?? new Uint8Array()
    switch (frame.kind) {
      case 'sync-step-1':
        return session.send(syncFrame((encoder) => syncProtocol.writeSyncStep2(encoder, this.doc, payload)))
      case 'sync-step-2':
      case 'update':
        return this.#applyClientUpdate(session, frame, bytes)
      case 'awareness':
        return this.#presence.applyFromClient(session, payload)
      case 'query-awareness':
        return this.#sendAwareness(session, [...this.awareness.getStates().keys()])
      case 'saved':
        if (decodeSaved(bytes)?.kind !== 'subscribe') return session.close(CloseCodes.malformed)
        session.wantsSaved = true
        session.send(this.#savedAck())
        return this.#sendUnsavedIfFailing(session)
      default:
        return session.close(CloseCodes.malformed)
    }
  }

  /**
   * Makes the board hold exactly the version in `target` (a whole-board update) as a new change,
   * waits until that change is committed, and stores the result as a 'restore' checkpoint.
   * Resolves the checkpoint's id.
   */
  async restore(target: Uint8Array, meta: { name: string; by: string }): Promise<number> {
    await this.loaded
    if (this.state !== 'ready' || !this.#batcher) throw new Error(`room ${this.name} is ${this.state}; try again`)
    // Keep the room loaded while the restore commits, even if nobody is connected.
    this.#cancelUnload?.()
    this.#cancelUnload = null
    try {
      // The state being replaced becomes a version of its own first: restoring it undoes this.
      await this.#batcher.flush(this.deps.tuning.flushDeadlineMs)
      await this.#checkpointer?.catchUp(this.deps.tuning.flushDeadlineMs)
      const changes = applyRestore(this.doc, target, RESTORE)
      await this.#batcher.flush(this.deps.tuning.flushDeadlineMs)
      if (this.#batcher.pendingBytes > 0) throw new Error('the restore could not be saved yet; it will sync when the database answers')
      this.#log.info('version restored', { put: changes.put.length, removed: changes.remove.length, by: meta.by })
      return await this.deps.updateLog.checkpoint(this.name, this.#encodeState(), new Date(this.deps.clock.now()), {
        kind: 'restore',
        name: meta.name,
        authors: [meta.by],
      })
    } finally {
      if (this.sessions.size === 0 && this.state === 'ready') this.#scheduleUnload()
    }
  }

  /** Graceful: close sockets with `code`, commit what is batched, release everything. */
  async shutdown(code: CloseCode): Promise<void> {
    for (const session of [...this.sessions]) session.close(code)
    if (this.state === 'loading') return this.#destroy()
    if (this.state === 'closed') return
    this.state = 'unloading'
    await this.#batcher?.flush(this.deps.tuning.flushDeadlineMs)
    if (this.state === 'unloading') await this.#checkpointer?.final(this.deps.tuning.flushDeadlineMs)
    this.#destroy()
  }

  /** The board is gone or access was withdrawn for everyone: no flush, close at once. */
  evict(code: CloseCode): void {
    for (const session of [...this.sessions]) session.close(code)
    this.#destroy()
  }

  stats(): { sessions: number; timers: number; pendingBytes: number; docBytes: number; log: { rows: number; bytes: number } } {
    const log = this.#batcher?.logSize ?? { rows: 0, bytes: 0 }
    return { sessions: this.sessions.size, timers: this.timers.size, pendingBytes: this.#batcher?.pendingBytes ?? 0, docBytes: this.#size.bytes, log }
  }

  async #load(): Promise<void> {
    const { deps } = this
    try {
      // Subscribe before reading storage, so nothing published meanwhile is missed.
      await this.#relay.open((frame) => this.#onBusFrame(frame))
    } catch (error) {
      this.#log.warn('bus subscribe failed; serving without relay', { error })
    }
    let loaded: LoadedLog
    try {
      loaded = await deps.updateLog.load(deps.name)
      if (this.state === 'closed') return
      this.doc.transact(() => {
        if (loaded.snapshot) Y.applyUpdate(this.doc, loaded.snapshot)
        for (const update of loaded.updates) Y.applyUpdate(this.doc, update)
      }, LOAD)
    } catch (error) {
      if (this.state === 'closed') return
      const code = isBoardNotFound(error) ? CloseCodes.forbidden : CloseCodes.loadFailed
      this.#log.error('load failed', { error, code: code.code })
      return this.evict(code)
    }
    const logBytes = loaded.updates.reduce((sum, u) => sum + u.byteLength, 0)
    const snapshotBytes = loaded.snapshot?.byteLength ?? 0
    this.#size = new RoomSize(snapshotBytes + logBytes)
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) this.#durable.set(client, clock)
    this.#batcher = new AppendBatcher({
      room: deps.name,
      updateLog: deps.updateLog,
      lock: deps.lock,
      timers: this.timers,
      clock: deps.clock,
      log: this.#log,
      tuning: deps.tuning,
      policy: deps.policy,
      initial: { rows: loaded.updates.length, bytes: logBytes, snapshotBytes },
      onCommitted: (update) => this.#onCommitted(update),
      onFailing: (failingForMs) => this.#onFailing(failingForMs),
      onBoardGone: () => this.evict(CloseCodes.forbidden),
    })
    this.#checkpointer = new Checkpointer({
      room: deps.name,
      updateLog: deps.updateLog,
      timers: this.timers,
      clock: deps.clock,
      log: this.#log,
      intervalMs: deps.tuning.checkpointIntervalMs,
      jitterMs: deps.tuning.checkpointIntervalMs / 2,
      state: () => this.#encodeState(),
    })
    this.state = 'ready'
    this.#relay.release()
    this.#hello()
    this.timers.interval(() => {
      if (deps.clock.now() - this.#relay.lastPeerAt < deps.tuning.peerWindowMs) this.#relay.publishStep1(Y.encodeStateVector(this.doc))
    }, deps.tuning.resyncMs)
    // The bus is at-most-once: after a reconnect, whatever peers published meanwhile is gone, so
    // heal now rather than at the next resync tick (research/reliability.md §2.1, point 2).
    this.#offReconnect =
      deps.bus.onReconnect?.(() => {
        if (this.state === 'closed') return
        this.#hello()
      }) ?? null
    for (const session of this.sessions) this.#greet(session)
    if (this.sessions.size === 0) this.#scheduleUnload()
  }

  /**
   * Tells the peers this node (re)joined the room and asks what it lacks. The query goes first:
   * a peer that receives it answers the state vector after it in full (settled-state.ts), and so
   * does this node for the window, since what either side lacks now was never in flight.
   */
  #hello(): void {
    this.#settled.hello(this.deps.clock.now())
    this.#relay.publishQueryAwareness()
    this.#relay.publishStep1(Y.encodeStateVector(this.doc))
  }

  #greet(session: Session): void {
    session.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) this.#sendAwareness(session, states)
    if (session.wantsSaved) {
      session.send(this.#savedAck())
      // After the ack, which would otherwise clear it: a tab (re)joining mid-outage learns at once.
      this.#sendUnsavedIfFailing(session)
    }
    session.start()
  }

  #applyClientUpdate(session: Session, frame: Frame, bytes: Uint8Array): void {
    const update = frame.payload ?? new Uint8Array()
    if (frame.kind === 'sync-step-2' && isEmptyUpdate(update)) return
    if (this.#size.wouldExceed(update.byteLength, this.deps.limits.maxRoomDocBytes, this.deps.clock.now(), () => this.#encodeState().byteLength)) {
      this.#log.warn('room size limit reached', { docBytes: this.#size.bytes, update: update.byteLength })
      return session.close(CloseCodes.tooBig)
    }
    let verdict: ValidateResult
    try {
      verdict = this.deps.validateUpdate(update, { doc: this.doc, room: this.name })
    } catch (error) {
      verdict = { ok: false, reason: `validator threw: ${error instanceof Error ? error.message : String(error)}` }
    }
    if (!verdict.ok) {
      this.#log.info('update rejected', { session: session.id, reason: verdict.reason })
      return session.close(CloseCodes.malformed)
    }
    // y-protocols swallows applyUpdate errors unless given an errorHandler (finding 4).
    let failure: unknown = null
    const backlogBefore = this.doc.store.pendingStructs
    const decoder = decoding.createDecoder(bytes)
    decoding.readVarUint(decoder) // messageSync, already classified
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), this.doc, session, (error) => (failure = error))
    if (failure !== null) {
      this.#log.info('update failed to apply', { session: session.id, error: failure })
      return session.close(CloseCodes.malformed)
    }
    const pending = this.doc.store.pendingStructs
    if (pending && !backlogBefore) {
      // This frame left structs whose dependencies the room lacks. A client's gaps are never kept
      // (sync-limits.test.ts › B11 found both of these): a kept backlog is re-merged with every
      // later frame (Yjs, quadratic: 200 gap frames stalled the loop ~0.5 s), and
      // encodeStateAsUpdate serves it to every joiner and checkpoint. Drop it and ask the client to
      // resync (its sync step 2 carries what was missing); close it once its dropped gap bytes
      // exceed maxPendingStructBytes.
      this.doc.store.pendingStructs = null
      const dropped = (this.#gapBytes.get(session) ?? 0) + pending.update.byteLength
      this.#gapBytes.set(session, dropped)
      if (dropped > this.deps.limits.maxPendingStructBytes) {
        this.#log.warn('pending-struct backlog over limit', { session: session.id, bytes: dropped })
        return session.close(CloseCodes.malformed)
      }
      return session.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)))
    }
    if (pending && pending.update.byteLength > this.deps.limits.maxPendingStructBytes) {
      // A backlog from peer nodes that this frame grew past the limit: drop it, so it neither
      // closes every later writer nor reaches joiners; the peers' resync heals what was dropped.
      this.#log.warn('pending-struct backlog over limit', { session: session.id, bytes: pending.update.byteLength })
      this.doc.store.pendingStructs = null
      session.close(CloseCodes.malformed)
    }
  }

  #sendAwareness(session: Session, clients: number[]): void {
    if (clients.length === 0) return
    session.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)), true)
  }

  #onDocUpdate(update: Uint8Array, origin: unknown): void {
    this.#settled.changed(this.deps.clock.now(), () => Y.decodeStateVector(Y.encodeStateVector(this.doc)))
    if (origin === LOAD) return
    this.#size.applied(update.byteLength)
    const frame = updateFrame(update)
    for (const session of this.sessions) if (session !== origin && session.started) session.send(frame)
    if (origin instanceof Session || origin === RESTORE) {
      this.#batcher?.add(update)
      this.#relay.publish(frame)
      if (origin instanceof Session) this.#checkpointer?.noteAuthor(origin.claims.name)
    }
  }

  #onAwarenessUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = added.concat(updated, removed)
    // awareness.destroy() in #destroy announces the server's own null state: nobody is left to tell.
    if (changed.length === 0 || this.state === 'closed') return
    // Coalesced per tick (presence.ts AwarenessFanout): cursors were most of a node's work.
    this.#awarenessOut.note(changed, origin === BUS)
    // Removals (a socket left, or was closed for a hostile state) go out at once, as before:
    // a departed or refused state must not linger on anyone's screen for a tick.
    if (removed.length > 0) this.#awarenessOut.flush()
  }

  #flushAwareness(all: number[], local: number[]): void {
    const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, all))
    // The sender gets its own state back: the stock client's 15 s renewal echo is what keeps a
    // lone client from hitting its 30 s silence timeout.
    for (const session of this.sessions) if (session.started) session.send(frame, true)
    if (local.length === 0) return
    // With every client of the room on this node, a publish only comes back to us. A peer that
    // loads the room later asks for awareness (query-awareness) and is answered in full, so
    // skipping loses nothing; one publish a second still probes, in case that query was lost.
    const now = this.deps.clock.now()
    const peers = this.deps.bus.hasPeers?.(roomChannel(this.name)) ?? true
    if (!peers && now - this.#awarenessPublishedAt < AWARENESS_PROBE_MS) return
    this.#awarenessPublishedAt = now
    this.#relay.publish(local.length === all.length ? frame : awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, local)))
  }

  #onBusFrame(frame: Frame): void {
    if (this.state === 'closed' || this.state === 'loading') return
    applyPeerFrame(frame, {
      doc: this.doc,
      awareness: this.awareness,
      origin: BUS,
      relay: this.#relay,
      log: this.#log,
      settled: this.#settled,
      now: this.deps.clock.now,
      localClientIds: () => this.#presence.localClientIds(),
    })
  }

  #onCommitted(update: Uint8Array): void {
    // parseUpdateMeta's `to`, not encodeStateVectorFromUpdate: the latter counts a client only
    // when the update starts at clock 0, so every batch after the first would ack nothing.
    // Batches commit in order, so the end of this one is durable.
    for (const [client, clock] of Y.parseUpdateMeta(update).to) {
      if ((this.#durable.get(client) ?? 0) < clock) this.#durable.set(client, clock)
    }
    const ack = this.#savedAck()
    for (const session of this.sessions) if (session.wantsSaved && session.started) session.send(ack)
    this.#checkpointer?.committed()
  }

  /** Appends are failing: subscribers' unacked edits exist only in memory here and in browsers. */
  #onFailing(failingForMs: number): void {
    const notice = encodeSavedUnsaved(failingForMs)
    for (const session of this.sessions) if (session.wantsSaved && session.started) session.send(notice)
  }

  #sendUnsavedIfFailing(session: Session): void {
    const failingForMs = this.#batcher?.failingForMs
    if (failingForMs != null) session.send(encodeSavedUnsaved(failingForMs))
  }

  #savedAck(): Uint8Array {
    return encodeSavedAck(Y.encodeStateVector(this.#durable))
  }

  #scheduleUnload(): void {
    this.#cancelUnload?.()
    this.#cancelUnload = this.timers.timeout(() => {
      this.#cancelUnload = null
      void this.#unload()
    }, this.deps.tuning.unloadDelayMs)
  }

  async #unload(): Promise<void> {
    if (this.state !== 'ready' || this.sessions.size > 0) return
    this.state = 'unloading'
    await this.#batcher?.flush(this.deps.tuning.flushDeadlineMs)
    // The final checkpoint waits until nobody rejoined: a room that stays loaded keeps its pace.
    if (this.state === 'unloading' && this.sessions.size === 0) await this.#checkpointer?.final(this.deps.tuning.flushDeadlineMs)
    if (this.state !== 'unloading') return // evicted or shut down meanwhile
    if (this.sessions.size > 0) {
      this.state = 'ready' // someone joined during the flush: stay loaded
      return
    }
    this.#destroy()
  }

  #destroy(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.#batcher?.stop()
    this.#checkpointer?.stop()
    this.timers.clearAll()
    this.#offReconnect?.()
    this.#offReconnect = null
    this.#relay.close().catch((error: unknown) => this.#log.warn('unsubscribe failed', { error }))
    this.awareness.destroy()
    this.doc.destroy()
    this.deps.onClosed(this)
  }

  /** The whole document as one update; measuring it is a by-product (room-size.ts). */
  #encodeState(): Uint8Array {
    const state = Y.encodeStateAsUpdate(this.doc)
    this.#size.measured(state.byteLength, this.deps.clock.now())
    return state
  }

  #guarded(what: string, fn: () => void): void {
    try {
      fn()
    } catch (error) {
      this.#log.error(`${what} handler failed`, { error })
    }
  }
}
