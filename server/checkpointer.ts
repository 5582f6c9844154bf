// Automatic full-state checkpoints of one room (docs/board-document.md "Checkpoints"), for the
// interview replay and the version history. Paced by committed appends: the first commit after a
// checkpoint arms one timer, and when it fires the whole current document is written as one row.
// So a room writes at most one checkpoint per `intervalMs` while people edit, none while idle, and
// a final one when it unloads. Checkpoints live beside the log, never in its write path: a slow or
// failing checkpoint never delays an append or a saved ack; it is logged and retried later.
import type { Logger } from '@/lib/log'
import { isBoardNotFound, type UpdateLog } from '@/lib/persistence/update-log'
import type { Clock, TimerSet } from './clock'

export type CheckpointerDeps = {
  room: string
  updateLog: UpdateLog
  timers: TimerSet
  clock: Clock
  log: Logger
  intervalMs: number
  /**
   * Up to this much random delay is added to each checkpoint timer. Rooms that started together
   * (a node's rooms after a restart, a load test) otherwise checkpoint in the same instant every
   * interval: at L1 (100 rooms), 100 checkpoints in one burst every 10 s stalled the node's loop
   * 150-230 ms (rows-perf notes). Optional and 0 by default, so pacing tests stay exact.
   */
  jitterMs?: number
  /** The whole current board as one update (Y.encodeStateAsUpdate of the room's doc). */
  state(): Uint8Array
}

/** A checkpoint credits at most this many people (the history panel shows names, not a census). */
export const MAX_AUTHORS = 10

export class Checkpointer {
  /** Durable changes (committed appends) not yet covered by a written checkpoint. */
  #dirty = false
  /** Who edited since the last written checkpoint: the next one credits them. */
  readonly #authors = new Set<string>()
  #cancelTimer: (() => void) | null = null
  #writing: Promise<void> | null = null
  #stopped = false
  written = 0
  failures = 0

  constructor(private readonly deps: CheckpointerDeps) {}

  get dirty(): boolean {
    return this.#dirty
  }

  /** Someone's edit reached the room (named from their room token). */
  noteAuthor(name: string): void {
    if (this.#authors.size < MAX_AUTHORS || this.#authors.has(name)) this.#authors.add(name)
  }

  /** After each committed append. */
  committed(): void {
    if (this.#stopped) return
    this.#dirty = true
    this.#arm()
  }

  /**
   * The last checkpoint before the room unloads or the node shuts down: waits for a running write,
   * then writes once more if anything changed since. Gives up after `deadlineMs` (logged), so a
   * hanging database cannot hold an unload forever; the log itself still has every edit.
   */
  async final(deadlineMs: number): Promise<void> {
    return this.catchUp(deadlineMs)
  }

  /**
   * Writes a checkpoint now if anything changed since the last one (a restore records the state
   * it replaces first, so restoring that checkpoint undoes it). Same deadline rule as final().
   */
  async catchUp(deadlineMs: number): Promise<void> {
    if (this.#stopped) return
    this.#cancelTimer?.()
    this.#cancelTimer = null
    let cancelDeadline: () => void = () => {}
    const deadline = new Promise<'timeout'>((resolve) => (cancelDeadline = this.deps.timers.timeout(() => resolve('timeout'), deadlineMs)))
    const work = (async () => {
      await this.#writing
      if (this.#dirty && !this.#stopped) await this.#write()
    })().catch((error: unknown) => this.deps.log.warn('final checkpoint failed', { error }))
    try {
      if ((await Promise.race([work, deadline])) === 'timeout') this.deps.log.warn('final checkpoint timed out', { deadlineMs })
    } finally {
      cancelDeadline()
    }
  }

  /** The room is being destroyed: no more writes are started (one already running may finish). */
  stop(): void {
    this.#stopped = true
    this.#cancelTimer?.()
    this.#cancelTimer = null
  }

  #arm(): void {
    if (this.#cancelTimer || this.#stopped) return
    this.#cancelTimer = this.deps.timers.timeout(() => {
      this.#cancelTimer = null
      // A write still running (slow database) covers this tick; its completion re-arms if needed.
      if (!this.#writing && this.#dirty) void this.#write()
    }, this.deps.intervalMs + Math.random() * (this.deps.jitterMs ?? 0))
  }

  #write(): Promise<void> {
    const { deps } = this
    // Clear before encoding: a commit during the write marks the room dirty again.
    this.#dirty = false
    const authors = [...this.#authors]
    this.#authors.clear()
    const at = new Date(deps.clock.now())
    let state: Uint8Array
    try {
      state = deps.state()
    } catch (error) {
      deps.log.error('checkpoint state could not be encoded', { error })
      return Promise.resolve()
    }
    this.#writing = deps.updateLog
      .checkpoint(deps.room, state, at, { kind: 'auto', authors })
      .then(
        () => {
          this.written++
          this.failures = 0
        },
        (error: unknown) => {
          if (isBoardNotFound(error)) {
            // The append path notices too and evicts the room; nothing to retry.
            deps.log.info('checkpoint skipped: board is gone')
            return this.stop()
          }
          this.failures++
          this.#dirty = true
          for (const name of authors) this.noteAuthor(name)
          deps.log.warn('checkpoint failed; retrying at the next interval', { error, attempt: this.failures, bytes: state.byteLength })
        },
      )
      .finally(() => {
        this.#writing = null
        if (this.#dirty) this.#arm()
      })
    return this.#writing
  }
}
