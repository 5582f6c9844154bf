// D9's measurement: how long after an edit's intended send time the node's "saved" ack
// (lib/protocol/saved.ts) first covers it. A writer subscribes with `saved=1` on its socket URL;
// an ack covers an edit when the acked state vector reaches the writer's own clock after that
// edit, which is exactly what the board's "saved" indicator checks.
import * as Y from 'yjs'
import { decodeSaved } from '@/lib/protocol/saved'
import type { BenchClient } from '../bench/load-generator'

type Edit = { clock: number; intendedAt: number }

export class SavedAcks {
  readonly latencies: number[] = []
  /** Edits intended before this instant (warm-up) are acked but not counted. */
  recordFrom = 0
  readonly #pending = new Map<number, Edit[]>()

  /**
   * Starts listening to `client`'s acks for edits of `doc` (the client's own doc). A reconnected
   * client of the same doc takes over the edits still waiting.
   */
  watch(client: BenchClient, doc: Y.Doc): void {
    const queue = this.#pending.get(doc.clientID) ?? []
    this.#pending.set(doc.clientID, queue)
    client.onOtherFrame = (bytes, at) => {
      const saved = decodeSaved(bytes)
      if (saved?.kind !== 'ack') return
      const upTo = saved.stateVector.get(doc.clientID) ?? 0
      while (queue.length > 0 && queue[0]!.clock <= upTo) {
        const edit = queue.shift()!
        if (edit.intendedAt >= this.recordFrom) this.latencies.push(at - edit.intendedAt)
      }
    }
  }

  /** Call right after the edit's transaction: the doc's clock now includes it. */
  edited(doc: Y.Doc, intendedAt: number): void {
    this.#pending.get(doc.clientID)?.push({ clock: Y.getState(doc.store, doc.clientID), intendedAt })
  }

  /** Edits intended more than `olderThanMs` before `now` and still without an ack, and their writers. */
  stale(now: number, olderThanMs: number): { edits: number; seats: number } {
    let edits = 0
    let seats = 0
    for (const queue of this.#pending.values()) {
      let n = 0
      for (const e of queue) {
        if (e.intendedAt >= now - olderThanMs) break
        n++
      }
      edits += n
      if (n > 0) seats++
    }
    return { edits, seats }
  }

  /** Counted edits still without an ack. */
  missing(): number {
    let n = 0
    for (const queue of this.#pending.values()) for (const e of queue) if (e.intendedAt >= this.recordFrom) n++
    return n
  }
}
