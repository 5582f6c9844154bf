/** A token bucket: `rate` tokens per second refill up to `burst`; each frame takes one. */
export class TokenBucket {
  #tokens: number
  #last: number
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.#tokens = burst
    this.#last = now()
  }

  take(): boolean {
    const t = this.now()
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) / 1000) * this.rate)
    this.#last = t
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
