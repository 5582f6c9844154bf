// A caller's side of one dependency: the bulkhead (max concurrent calls), the circuit breaker,
// the per-attempt timeout and the retry loop. A timed-out attempt is abandoned, not cancelled:
// the callee keeps working on it, which is the wasted work behind a retry storm.
import type { EventHandle, Rng, Simulation } from '@/lib/sim/engine'
import { backoffDelay, type RetryPolicy } from './backoff'
import { CircuitBreaker } from './breaker'
import type { Service } from './service'

export type EdgeConfig = {
  timeout: number
  policy: RetryPolicy
  maxRetries: number
  backoff: number
  jitter: boolean
  /** Whether this layer retries at all (the client always does unless the policy is none). */
  retries: boolean
  bulkhead: number
  breaker: { enabled: boolean; threshold: number; cooldown: number }
}

/** A retry send: which edge, when, which retry (1 = first), and when the call first failed. */
export type RetryRecord = { edge: number; time: number; k: number; firstFailAt: number }

export type Attempt = { id: number; from: string; to: string; sentAt: number }

export class Edge {
  readonly breaker: CircuitBreaker
  readonly outstanding = new Set<Attempt>()
  attempts = 0
  retries = 0
  timeouts = 0
  shortCircuited = 0
  bulkheadRejected = 0

  constructor(
    private readonly sim: Simulation,
    readonly index: number,
    readonly from: string,
    readonly target: Service,
    private readonly config: EdgeConfig,
    private readonly jitterRng: Rng,
    private readonly log: (r: RetryRecord) => void,
    private readonly nextId: () => number,
  ) {
    const b = config.breaker
    this.breaker = new CircuitBreaker(b.enabled, b.threshold, b.cooldown)
    target.inbound = this
  }

  call(alive: () => boolean, done: (ok: boolean) => void): void {
    this.attempt(0, alive, done, NaN)
  }

  private attempt(k: number, alive: () => boolean, done: (ok: boolean) => void, firstFailAt: number): void {
    const c = this.config
    // Bulkhead and breaker refusals fail fast and are not retried: not waiting is their point.
    if (c.bulkhead > 0 && this.outstanding.size >= c.bulkhead) {
      this.bulkheadRejected++
      return done(false)
    }
    const admission = this.breaker.admit(this.sim.now)
    if (admission === 'reject') {
      this.shortCircuited++
      return done(false)
    }
    const a: Attempt = { id: this.nextId(), from: this.from, to: this.target.id, sentAt: this.sim.now }
    this.outstanding.add(a)
    this.attempts++
    let settled = false
    let timer: EventHandle | undefined
    const settle = (ok: boolean): void => {
      if (settled) return
      settled = true
      this.outstanding.delete(a)
      if (timer) timer.cancelled = true
      const now = this.sim.now
      this.breaker.record(ok, now, admission === 'probe')
      if (ok) return done(true)
      const first = Number.isNaN(firstFailAt) ? now : firstFailAt
      if (!(c.retries && c.policy !== 'none' && k < c.maxRetries && alive())) return done(false)
      this.retries++
      this.sim.after(backoffDelay(c.policy, c.backoff, k, c.jitter, this.jitterRng), () => {
        if (!alive()) return done(false)
        this.log({ edge: this.index, time: this.sim.now, k: k + 1, firstFailAt: first })
        this.attempt(k + 1, alive, done, first)
      })
    }
    timer = this.sim.after(c.timeout, () => {
      if (settled) return
      this.timeouts++
      settle(false)
    })
    this.target.receive(settle)
  }
}
