// Per-user sliding-window log: at most `limit` sends in any closed window of length `window`.
// Exact (no approximation like a sliding counter), and it can say when the next slot frees.

/** Slack so a send deferred to "oldest + window" falls strictly outside the closed window. */
const EPS = 1e-7

export class UserLimiter {
  private readonly logs = new Map<number, number[]>()
  /** Every admission per user, for the sliding check in tests (times ascending). */
  readonly history = new Map<number, number[]>()
  maxInWindow = 0

  constructor(
    private readonly limit: number,
    private readonly window: number,
  ) {}

  /** When the user can next be sent to (now if below the limit). */
  nextSlot(user: number, now: number): number {
    const log = this.logs.get(user)
    if (this.limit === 0 || !log || log.length < this.limit) return now
    return log[log.length - this.limit]! + this.window + EPS
  }

  /** Admit a send to `user` at `now`, or return the time a slot frees. */
  admit(user: number, now: number): { ok: true } | { ok: false; retryAt: number } {
    let log = this.logs.get(user)
    if (!log) this.logs.set(user, (log = []))
    while (log.length > 0 && log[0]! < now - this.window) log.shift()
    if (this.limit > 0 && log.length >= this.limit) return { ok: false, retryAt: log[0]! + this.window + EPS }
    log.push(now)
    this.maxInWindow = Math.max(this.maxInWindow, log.length)
    let h = this.history.get(user)
    if (!h) this.history.set(user, (h = []))
    h.push(now)
    return { ok: true }
  }
}
