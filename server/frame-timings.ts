// How long the node's thread spends on each client frame, from parsing to the last broadcast
// (reliability matrix B22: per-frame p99 < 5 ms, max < 250 ms). A fixed histogram of power-of-two
// microsecond buckets, so recording is two clock reads and an increment; percentiles are the
// upper edge of their bucket, which overstates by at most 2x and never understates.

/** Bucket i holds durations in (2^(i-1), 2^i] µs; the last one everything longer. */
const BUCKETS = 32

export type FrameTimingSummary = { frames: number; p50Ms: number; p99Ms: number; maxMs: number }

export class FrameTimings {
  readonly #counts = new Array<number>(BUCKETS).fill(0)
  #frames = 0
  #maxMs = 0

  record(ms: number): void {
    const micros = Math.max(1, ms * 1000)
    const bucket = Math.min(BUCKETS - 1, Math.ceil(Math.log2(micros)))
    this.#counts[bucket]!++
    this.#frames++
    if (ms > this.#maxMs) this.#maxMs = ms
  }

  summary(): FrameTimingSummary {
    return { frames: this.#frames, p50Ms: this.#percentile(50), p99Ms: this.#percentile(99), maxMs: this.#maxMs }
  }

  #percentile(p: number): number {
    if (this.#frames === 0) return 0
    const rank = Math.ceil((this.#frames * p) / 100)
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i]!
      // The bucket's upper edge, capped by the true maximum.
      if (seen >= rank) return Math.min(2 ** i / 1000, this.#maxMs)
    }
    return this.#maxMs
  }
}
