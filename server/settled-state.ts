// Which gaps in a peer node's document are worth an anti-entropy answer (reliability matrix L8).
//
// Every way content enters a room's document also delivers it to the other nodes: a local
// client's edit is published on the bus, and a peer's edit reaches every node from the bus. So
// when a peer's state vector lacks something this node received only moments ago, the bus is
// almost certainly still carrying it there, and a diff would publish it a second time. At 200
// updates a second in one room, such answers were the 0.3 % of PUBLISHes over one per update.
//
// A gap is therefore answered once this node has held the missing content for `windowMs`, or at
// once around a hello: when a peer just loaded the room or reconnected, or this node reconnected
// or dropped publishes. What is missing then was never in flight. A message the bus really lost
// is healed by the next periodic resync that finds it settled: at most two periods later.

export type StateVector = Map<number, number>

type Snapshot = { at: number; vector: StateVector }

export class SettledState {
  /** Two snapshots at least `windowMs` apart: the newer one, once old enough, is the horizon. */
  #older: Snapshot | null = null
  #newer: Snapshot | null = null
  #lastChangeAt = -Infinity
  #helloUntil = -Infinity

  constructor(private readonly windowMs: number) {}

  /** The document changed at `now`; `vector` reads its state vector (called at most once a window). */
  changed(now: number, vector: () => StateVector): void {
    this.#lastChangeAt = now
    if (this.#newer && now - this.#newer.at < this.windowMs) return
    this.#older = this.#newer
    this.#newer = { at: now, vector: vector() }
  }

  /** A hello was sent or received: answer every gap, and ask back, for the next window. */
  hello(now: number): void {
    this.#helloUntil = now + this.windowMs
  }

  /** Inside a hello's window: the peer's gaps are real, and so may be ours. */
  inHello(now: number): boolean {
    return now < this.#helloUntil
  }

  /** Whether a peer at `peer` lacks content this node has held for at least the window. */
  peerLacksSettled(now: number, current: StateVector, peer: StateVector): boolean {
    const horizon = this.#horizon(now, current)
    for (const [client, clock] of horizon) if ((peer.get(client) ?? 0) < clock) return true
    return false
  }

  /** Everything this node held `windowMs` ago, or a little less (never content younger). */
  #horizon(now: number, current: StateVector): StateVector {
    if (now - this.#lastChangeAt >= this.windowMs) return current
    if (this.#newer && now - this.#newer.at >= this.windowMs) return this.#newer.vector
    return this.#older?.vector ?? new Map()
  }
}
