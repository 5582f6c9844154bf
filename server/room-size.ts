// How big a room's document is, for its cap (Limits.maxRoomDocBytes). Encoding the document to
// measure it costs O(document), so between measurements the size is the last measurement plus
// the bytes of every update applied since: an estimate that only grows, because an update that
// overwrites or deletes content still adds its own bytes. The room measures whenever it encodes
// the whole document anyway (every history checkpoint), and before refusing anyone.
//
// The estimate alone is what the room used to enforce: at L1's pace (two people editing, 5
// updates/s each) every room passed 10 MiB of updates after ~36 minutes, with a document of a few
// KB, and from then on every edit in every room was refused with 4413 (the 2 h L6 soak).

/** A refusal re-measures at most this often, so a client pushing at the cap cannot make the node encode a 10 MiB document per frame. */
export const REMEASURE_MS = 5_000

export class RoomSize {
  #measured: number
  #measuredAt = -Infinity
  #since = 0

  /** `estimate`: what the room loaded (snapshot and log bytes), until the first measurement. */
  constructor(estimate: number) {
    this.#measured = estimate
  }

  get bytes(): number {
    return this.#measured + this.#since
  }

  /** An update of `bytes` was applied to the document. */
  applied(bytes: number): void {
    this.#since += bytes
  }

  /** The whole document encodes to `bytes` now. */
  measured(bytes: number, at: number): void {
    this.#measured = bytes
    this.#since = 0
    this.#measuredAt = at
  }

  /**
   * Whether `incoming` more bytes would take the document past `cap`. Past the estimate, the
   * document is measured first (`measure` encodes it), unless it was measured in the last
   * REMEASURE_MS.
   */
  wouldExceed(incoming: number, cap: number, now: number, measure: () => number): boolean {
    if (this.bytes + incoming <= cap) return false
    if (now - this.#measuredAt >= REMEASURE_MS) this.measured(measure(), now)
    return this.bytes + incoming > cap
  }
}
