// "Saved" means durably appended (ARCHITECTURE, rules): the sync node acknowledges appends with
// a state vector, and this tab's edits are saved once the acked clock for its own Yjs clientID
// has caught up with its local clock. Pure, so the rule is unit-testable.
//
// Known gap: deletions do not advance a state vector, so a transaction that only deletes shows
// "saved" before its ack arrives. Closing it needs the ack to carry more than a state vector
// (e.g. a count of this connection's appended frames).
import * as Y from 'yjs'

export type SavedState = 'saved' | 'saving' | 'offline'

export function savedStateOf({ localClock, ackedClock, online }: { localClock: number; ackedClock: number; online: boolean }): SavedState {
  if (localClock <= ackedClock) return 'saved'
  return online ? 'saving' : 'offline'
}

/** Tracks one doc's saved state from local updates, acks and connectivity. */
export class SavedTracker {
  private ackedClock = 0
  private online = false
  private last: SavedState
  private readonly onUpdate = () => this.emit()

  constructor(
    private readonly doc: Y.Doc,
    private readonly onChange: (state: SavedState) => void,
  ) {
    this.last = this.compute()
    doc.on('update', this.onUpdate)
  }

  /** A "saved" acknowledgement: the state vector the node has durably appended. */
  acknowledge(stateVector: ReadonlyMap<number, number>): void {
    const acked = stateVector.get(this.doc.clientID)
    // Acks only ever move forward: an old ack arriving late must not un-save anything.
    if (acked !== undefined && acked > this.ackedClock) this.ackedClock = acked
    this.emit()
  }

  setOnline(online: boolean): void {
    this.online = online
    this.emit()
  }

  get state(): SavedState {
    return this.last
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate)
  }

  private compute(): SavedState {
    return savedStateOf({ localClock: Y.getState(this.doc.store, this.doc.clientID), ackedClock: this.ackedClock, online: this.online })
  }

  private emit(): void {
    const next = this.compute()
    if (next === this.last) return
    this.last = next
    this.onChange(next)
  }
}
