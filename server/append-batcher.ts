// Batched, ordered, retried appends of one room's client updates to the update log, plus the
// compaction trigger. One writer loop per room, so rows land in the order updates were applied.
// A failed append keeps its updates and retries with backoff: "saved" is only ever acknowledged
// after a commit (reliability.md §5).
import * as Y from 'yjs'
import type { Logger } from '@/lib/log'
import { planCompaction, type CompactionPolicy } from '@/lib/persistence/compaction'
import { isBoardNotFound, type UpdateLog } from '@/lib/persistence/update-log'
import type { Clock, TimerSet } from './clock'
import type { RoomLock } from './room-lock'

export type BatchTuning = {
  /**
   * Each room writes its batches on a grid of this period (its own phase): the first update of a
   * batch waits for company at most this long, half of it on average (nextFlushIn).
   */
  flushDelayMs: number
  /** A batch this large is written at once. */
  maxBatchBytes: number
  retryBaseMs: number
  retryMaxMs: number
  /** Consecutive failures after which the room is logged as unhealthy. */
  unhealthyAfter: number
  /**
   * While appends keep failing, `onFailing` is called again at most this often (the first
   * failure always calls it), so a long outage does not send a notice on every retry.
   */
  unsavedNoticeMs: number
  /**
   * An append still unanswered after this long counts as failing ("not saved" is shown) while it
   * keeps waiting: a database that stalls without an error (a network partition, a stuck server)
   * would otherwise leave tabs saying nothing until the connection finally errors.
   */
  stallNoticeMs: number
}

export const DEFAULT_BATCH_TUNING: Readonly<BatchTuning> = Object.freeze({
  flushDelayMs: 50,
  maxBatchBytes: 256 * 1024,
  retryBaseMs: 100,
  // Under 5 s with the commit itself: an edit made during an outage is saved within 5 s of the
  // database coming back (reliability matrix F7).
  retryMaxMs: 4_000,
  unhealthyAfter: 5,
  unsavedNoticeMs: 3_000,
  stallNoticeMs: 2_000,
})

export type BatcherDeps = {
  room: string
  updateLog: UpdateLog
  lock: RoomLock
  timers: TimerSet
  clock: Clock
  log: Logger
  tuning: BatchTuning
  policy: CompactionPolicy
  /** Log size at load, for the compaction trigger. */
  initial: { rows: number; bytes: number; snapshotBytes: number }
  /** After each commit, with the merged update that was committed. */
  onCommitted(update: Uint8Array): void
  /**
   * An append failed: edits are held in memory only. `failingForMs` counts from the first failure
   * of this outage. Throttled by `unsavedNoticeMs`; the next commit ends the outage.
   */
  onFailing(failingForMs: number): void
  /** The board was deleted: the batch is dropped and the room must close. */
  onBoardGone(): void
}

/**
 * Time until the next instant `phaseMs + k * periodMs`. A fixed wait from each room's first update
 * made every ack wait the whole period (D9's saved-ack p50 sat at ~60 ms with a 50 ms period); on
 * a grid the wait averages half of it for the same batching (at most one write per period). Each
 * room has its own random phase: on one shared grid all rooms committed in the same turn, a
 * ~10 ms stall every period at L1's 100 rooms.
 */
export function nextFlushIn(now: number, periodMs: number, phaseMs = 0): number {
  if (!(periodMs > 0)) return 0
  return periodMs - ((((now - phaseMs) % periodMs) + periodMs) % periodMs)
}

export class AppendBatcher {
  #batch: Uint8Array[] = []
  #batchBytes = 0
  #cancelTimer: (() => void) | null = null
  #writer: Promise<void> | null = null
  #compaction: Promise<void> | null = null
  #giveUpAt = Infinity
  #stopped = false
  /** When the current run of failed appends began; null while appends succeed. */
  #failingSince: number | null = null
  #lastNoticeAt = -Infinity
  #rows: number
  #bytes: number
  #snapshotBytes: number
  readonly #phaseMs: number
  failures = 0

  constructor(private readonly deps: BatcherDeps) {
    this.#rows = deps.initial.rows
    this.#bytes = deps.initial.bytes
    this.#snapshotBytes = deps.initial.snapshotBytes
    this.#phaseMs = Math.random() * deps.tuning.flushDelayMs
  }

  get pendingBytes(): number {
    return this.#batchBytes
  }

  /** How long appends have been failing, or null when the last one committed. */
  get failingForMs(): number | null {
    return this.#failingSince === null ? null : this.deps.clock.now() - this.#failingSince
  }

  get logSize(): { rows: number; bytes: number; snapshotBytes: number } {
    return { rows: this.#rows, bytes: this.#bytes, snapshotBytes: this.#snapshotBytes }
  }

  add(update: Uint8Array): void {
    if (this.#stopped) return
    this.#batch.push(update)
    this.#batchBytes += update.byteLength
    if (this.#writer) return // the running loop picks it up
    if (this.#batchBytes >= this.deps.tuning.maxBatchBytes) {
      this.#cancelTimer?.()
      this.#cancelTimer = null
      void this.#startWriter()
    } else if (!this.#cancelTimer) {
      this.#armFlush()
    }
  }

  #armFlush(): void {
    this.#cancelTimer = this.deps.timers.timeout(() => {
      this.#cancelTimer = null
      void this.#startWriter()
    }, nextFlushIn(this.deps.clock.now(), this.deps.tuning.flushDelayMs, this.#phaseMs))
  }

  /**
   * Writes everything batched so far and waits for a running compaction. Retries until
   * `deadlineMs` from now, then gives up on the batch (logged: those edits live only in clients,
   * which re-upload them on reconnect).
   */
  async flush(deadlineMs = Infinity): Promise<void> {
    this.#giveUpAt = this.deps.clock.now() + deadlineMs
    this.#cancelTimer?.()
    this.#cancelTimer = null
    try {
      while ((this.#batch.length > 0 || this.#writer) && !this.#stopped) await this.#startWriter()
      await this.#compaction
    } finally {
      // A flush whose room stays loaded (someone rejoined) must not leave later writes on a deadline.
      this.#giveUpAt = Infinity
    }
  }

  /** Drops the batch and stops writing (board deleted, or the room is being destroyed). */
  stop(): void {
    this.#stopped = true
    this.#batch = []
    this.#batchBytes = 0
    this.#cancelTimer?.()
    this.#cancelTimer = null
  }

  #startWriter(): Promise<void> {
    this.#writer ??= this.#writeLoop().finally(() => {
      this.#writer = null
      if (this.#batch.length > 0 && !this.#stopped && !this.#cancelTimer) this.#armFlush()
    })
    return this.#writer
  }

  async #writeLoop(): Promise<void> {
    const { deps } = this
    while (this.#batch.length > 0 && !this.#stopped) {
      const updates = this.#batch
      this.#batch = []
      this.#batchBytes = 0
      const merged = updates.length === 1 && updates[0] ? updates[0] : Y.mergeUpdates(updates)
      for (;;) {
        const cancelStallNotice = deps.timers.timeout(() => this.#noteFailing(deps.tuning.stallNoticeMs), deps.tuning.stallNoticeMs)
        try {
          await deps.updateLog.append(deps.room, [merged])
          cancelStallNotice()
          this.failures = 0
          this.#failingSince = null
          break
        } catch (error) {
          cancelStallNotice()
          if (isBoardNotFound(error)) {
            this.stop()
            deps.onBoardGone()
            return
          }
          this.failures++
          const level = this.failures >= deps.tuning.unhealthyAfter ? 'error' : 'warn'
          deps.log[level]('append failed', { error, attempt: this.failures, bytes: merged.byteLength })
          if (this.#stopped) return
          this.#noteFailing()
          if (deps.clock.now() >= this.#giveUpAt) {
            deps.log.error('giving up on unsaved updates', { bytes: merged.byteLength })
            return
          }
          const backoff = Math.min(deps.tuning.retryMaxMs, deps.tuning.retryBaseMs * 2 ** (this.failures - 1))
          await deps.timers.sleep(Math.min(backoff, Math.max(0, this.#giveUpAt - deps.clock.now())))
          if (this.#stopped) return
        }
      }
      this.#rows += 1
      this.#bytes += merged.byteLength
      deps.onCommitted(merged)
      this.#maybeCompact()
    }
  }

  /** `forMs`: how long the outage has already lasted when it is noticed (a stalled append's wait). */
  #noteFailing(forMs = 0): void {
    const now = this.deps.clock.now()
    // A new outage (first failure after a commit) is always reported, whatever the throttle says.
    if (this.#failingSince === null) {
      this.#failingSince = now - forMs
      this.#lastNoticeAt = -Infinity
    }
    if (now - this.#lastNoticeAt < this.deps.tuning.unsavedNoticeMs) return
    this.#lastNoticeAt = now
    try {
      this.deps.onFailing(now - this.#failingSince)
    } catch (error) {
      // A notice is advisory; it must never stop the retry loop that will save the edits.
      this.deps.log.error('failing notice threw', { error })
    }
  }

  #maybeCompact(): void {
    if (this.#compaction || this.#stopped) return
    const plan = planCompaction(this.logSize, this.deps.policy)
    if (!plan.compact) return
    const { deps } = this
    this.#compaction = deps.lock
      .tryWithLock(`compact:${deps.room}`, () => deps.updateLog.compact(deps.room))
      .then((outcome) => {
        if (!outcome.acquired || !outcome.value) return
        const { foldedRows, snapshotBytes } = outcome.value
        const remaining = Math.max(0, this.#rows - foldedRows)
        this.#bytes = this.#rows > 0 ? Math.round((this.#bytes * remaining) / this.#rows) : 0
        this.#rows = remaining
        this.#snapshotBytes = snapshotBytes
        deps.log.info('compacted', { foldedRows, snapshotBytes, reason: plan.reason })
      })
      .catch((error: unknown) => deps.log.warn('compaction failed', { error }))
      .finally(() => (this.#compaction = null))
  }
}
