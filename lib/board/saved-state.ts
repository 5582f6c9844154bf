// "Saved" means durably appended (ARCHITECTURE, rules): the sync node acknowledges appends with
// a state vector, and this tab's edits are saved once the acked clock for its own Yjs clientID
// has caught up with its local clock. Pure, so the rule is unit-testable.
//
// Known gap: deletions do not advance a state vector, so a transaction that only deletes shows
// "saved" before its ack arrives. Closing it needs the ack to carry more than a state vector
// (e.g. a count of this connection's appended frames).
import * as Y from 'yjs'

// 'failing': connected, but the node reported that its appends are failing (the 'unsaved'
// saved-message), so unacked edits live only in the node's memory and in this tab. Distinct from
// 'saving' (normal latency) and 'offline' (no socket): the advice differs (keep this tab open).
export type SavedState = 'saved' | 'saving' | 'failing' | 'offline'

export function savedStateOf({
  localClock,
  ackedClock,
  online,
  failing = false,
}: {
  localClock: number
  ackedClock: number
  online: boolean
  failing?: boolean
}): SavedState {
  // Nothing of ours is pending, so a database outage does not concern this tab (yet).
  if (localClock <= ackedClock) return 'saved'
  if (!online) return 'offline'
  return failing ? 'failing' : 'saving'
}

/** Tracks one doc's saved state from local updates, acks and connectivity. */
export class SavedTracker {
  private ackedClock = 0
  private online = false
  /** Set by the node's 'unsaved' notice; cleared by the next ack or by losing the connection. */
  private failing = false
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
    // Any ack, even one not covering this tab, means the node committed an append just now.
    this.failing = false
    this.emit()
  }

  /** The node's appends are failing ('unsaved' saved-message). */
  unsaved(): void {
    this.failing = true
    this.emit()
  }

  setOnline(online: boolean): void {
    this.online = online
    // The notice described the node we were connected to; a reconnect may reach another node,
    // which re-sends it on subscribe if it is failing too.
    if (!online) this.failing = false
    this.emit()
  }

  get state(): SavedState {
    return this.last
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate)
  }

  private compute(): SavedState {
    return savedStateOf({ localClock: Y.getState(this.doc.store, this.doc.clientID), ackedClock: this.ackedClock, online: this.online, failing: this.failing })
  }

  private emit(): void {
    const next = this.compute()
    if (next === this.last) return
    this.last = next
    this.onChange(next)
  }
}
