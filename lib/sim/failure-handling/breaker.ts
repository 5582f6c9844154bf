// A circuit breaker on one caller -> dependency edge: closed until `threshold` consecutive
// failures, then open (every call refused at once) for `cooldown`, then half-open: exactly one
// probe goes through; its outcome closes the breaker or opens it for another cool-down.

export type BreakerState = 'closed' | 'open' | 'half-open'
export type Admission = 'pass' | 'probe' | 'reject'

export class CircuitBreaker {
  state: BreakerState = 'closed'
  opens = 0
  probes = 0
  private failures = 0
  private openedAt = 0
  private probing = false

  constructor(
    private readonly enabled: boolean,
    private readonly threshold: number,
    private readonly cooldown: number,
  ) {}

  /** The state as of `now`: an open breaker whose cool-down has passed is half-open. */
  view(now: number): BreakerState {
    return this.state === 'open' && now - this.openedAt >= this.cooldown ? 'half-open' : this.state
  }

  admit(now: number): Admission {
    if (!this.enabled) return 'pass'
    this.state = this.view(now)
    if (this.state === 'closed') return 'pass'
    if (this.state === 'half-open' && !this.probing) {
      this.probing = true
      this.probes++
      return 'probe'
    }
    return 'reject'
  }

  record(ok: boolean, now: number, probe: boolean): void {
    if (!this.enabled) return
    if (probe) {
      this.probing = false
      if (ok) {
        this.state = 'closed'
        this.failures = 0
      } else this.open(now)
      return
    }
    // Late outcomes of calls let through before the breaker opened say nothing new.
    if (this.state !== 'closed') return
    if (ok) this.failures = 0
    else if (++this.failures >= this.threshold) this.open(now)
  }

  private open(now: number): void {
    this.state = 'open'
    this.openedAt = now
    this.failures = 0
    this.opens++
  }
}
