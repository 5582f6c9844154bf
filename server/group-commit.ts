// Group commit across rooms. Every room's AppendBatcher writes its own batches on its own phase
// (server/append-batcher.ts); without this each batch was one statement and one commit, ~1,000 a
// second at L1's 100 rooms, and Prisma's per-statement cost was the largest item in the node's
// profile. Appends that arrive within one window go to the database as one multi-row statement.
// One group is in flight at a time, so a slow commit gathers a bigger next group instead of a queue
// of small ones (the classic group commit). Each room still has at most one append in flight
// (its batcher's loop awaits it), so a group never holds two rows of one room and the rows of a
// room keep their order.
import type { AppendOutcome, MultiRoomAppend, RoomUpdate, UpdateLog } from '@/lib/persistence/update-log'

export type GroupCommitTuning = {
  /** How long the first append of a group waits for company. It adds to every saved ack. */
  windowMs: number
  /** A group is cut into statements of at most this many rows (bound-parameter limits)... */
  maxRows: number
  /** ...and about this many bytes. */
  maxBytes: number
}

export const DEFAULT_GROUP_COMMIT: Readonly<GroupCommitTuning> = Object.freeze({ windowMs: 10, maxRows: 500, maxBytes: 4 * 1024 * 1024 })

type Pending = RoomUpdate & { settle(outcome: AppendOutcome): void; fail(error: unknown): void }

/** An UpdateLog whose single-update appends are grouped; everything else goes straight through. */
export class GroupCommitLog implements UpdateLog {
  #queue: Pending[] = []
  #armed = false
  #inFlight = false

  constructor(
    private readonly inner: UpdateLog & MultiRoomAppend,
    private readonly tuning: GroupCommitTuning = DEFAULT_GROUP_COMMIT,
  ) {}

  load: UpdateLog['load'] = (room) => this.inner.load(room)
  compact: UpdateLog['compact'] = (room) => this.inner.compact(room)
  checkpoint: UpdateLog['checkpoint'] = (room, state, at, meta) => this.inner.checkpoint(room, state, at, meta)
  readCheckpoint: UpdateLog['readCheckpoint'] = (room, id) => this.inner.readCheckpoint(room, id)

  append(room: string, updates: readonly Uint8Array[]): Promise<void> {
    const [update] = updates
    if (updates.length !== 1 || !update) return this.inner.append(room, updates)
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ room, update, settle: (o) => (o.saved ? resolve() : reject(o.error)), fail: reject })
      this.#arm()
    })
  }

  #arm(): void {
    if (this.#armed || this.#inFlight) return
    this.#armed = true
    // A referenced timer, unlike the rooms' (systemClock unrefs): a shutdown flush awaits this
    // commit, and the process must not exit before it ran.
    setTimeout(() => {
      this.#armed = false
      void this.#commit()
    }, this.tuning.windowMs)
  }

  async #commit(): Promise<void> {
    this.#inFlight = true
    try {
      while (this.#queue.length > 0) {
        const group = this.#take()
        let outcomes: AppendOutcome[]
        try {
          outcomes = await this.inner.appendEach(group)
        } catch (error) {
          // Failed as a whole (nothing committed; or, had the SQLite writer thread died mid-commit,
          // maybe all of it): each room's batcher retries on its own, and a row stored twice is
          // harmless to a Yjs document.
          for (const p of group) p.fail(error)
          continue
        }
        group.forEach((p, i) => p.settle(outcomes[i] ?? { saved: false, error: new Error('append outcome missing') }))
      }
    } finally {
      this.#inFlight = false
    }
  }

  /** The next statement's rows: the oldest pending, within the row and byte bounds (at least one). */
  #take(): Pending[] {
    let bytes = 0
    let n = 0
    while (n < this.#queue.length && n < this.tuning.maxRows) {
      const size = this.#queue[n]!.update.byteLength
      if (n > 0 && bytes + size > this.tuning.maxBytes) break
      bytes += size
      n++
    }
    return this.#queue.splice(0, n)
  }
}
