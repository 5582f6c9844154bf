// The five limiters, each a small state machine asked "admit a request at time t?". Times are
// non-decreasing. Each limiter also states the bound it guarantees on admissions in any closed
// interval of length tau, which the envelope chart draws and the tests check.

export interface Limiter {
  admit(now: number): boolean
  /** Requests queued inside the limiter (leaky bucket only). */
  readonly queued: number
}

export type LimiterConfig = { rate: number; burst: number; limit: number; window: number }
export type AlgorithmName = 'token-bucket' | 'leaky-bucket' | 'fixed-window' | 'sliding-log' | 'sliding-counter'

/** Floating-point slack: admissions exactly W apart count as inside one closed window. */
const EPS = 1e-9

class TokenBucket implements Limiter {
  private tokens: number
  private last = 0
  readonly queued = 0
  constructor(private readonly c: LimiterConfig) {
    this.tokens = c.burst
  }
  admit(now: number): boolean {
    this.tokens = Math.min(this.c.burst, this.tokens + (now - this.last) * this.c.rate)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** A FIFO queue drained at `rate`; a request is admitted if the queue has room for it. */
class LeakyBucket implements Limiter {
  private departures: number[] = []
  private lastDeparture = -Infinity
  constructor(private readonly c: LimiterConfig) {}
  get queued(): number {
    return this.departures.length
  }
  admit(now: number): boolean {
    while (this.departures.length && this.departures[0]! <= now) this.departures.shift()
    if (this.departures.length >= this.c.burst) return false
    this.lastDeparture = Math.max(now, this.lastDeparture + 1 / this.c.rate)
    this.departures.push(this.lastDeparture)
    return true
  }
}

class FixedWindow implements Limiter {
  private start = -Infinity
  private count = 0
  readonly queued = 0
  constructor(private readonly c: LimiterConfig) {}
  admit(now: number): boolean {
    const start = Math.floor(now / this.c.window) * this.c.window
    if (start !== this.start) {
      this.start = start
      this.count = 0
    }
    if (this.count >= this.c.limit) return false
    this.count++
    return true
  }
}

class SlidingLog implements Limiter {
  private log: number[] = []
  private head = 0
  readonly queued = 0
  constructor(private readonly c: LimiterConfig) {}
  admit(now: number): boolean {
    while (this.head < this.log.length && this.log[this.head]! < now - this.c.window - EPS) this.head++
    if (this.head > 4096) {
      this.log = this.log.slice(this.head)
      this.head = 0
    }
    if (this.log.length - this.head >= this.c.limit) return false
    this.log.push(now)
    return true
  }
}

/** Cloudflare's approximation: weight the previous window's count by its overlap. */
class SlidingCounter implements Limiter {
  private start = 0
  private current = 0
  private previous = 0
  readonly queued = 0
  constructor(private readonly c: LimiterConfig) {}
  admit(now: number): boolean {
    const W = this.c.window
    const start = Math.floor(now / W) * W
    if (start !== this.start) {
      this.previous = start - this.start === W ? this.current : 0
      this.current = 0
      this.start = start
    }
    const estimate = this.previous * (1 - (now - start) / W) + this.current
    if (estimate + 1 > this.c.limit + EPS) return false
    this.current++
    return true
  }
}

export function makeLimiter(name: AlgorithmName, c: LimiterConfig): Limiter {
  switch (name) {
    case 'token-bucket':
      return new TokenBucket(c)
    case 'leaky-bucket':
      return new LeakyBucket(c)
    case 'fixed-window':
      return new FixedWindow(c)
    case 'sliding-log':
      return new SlidingLog(c)
    case 'sliding-counter':
      return new SlidingCounter(c)
  }
}

/** The most admissions the algorithm allows in any closed interval of length tau. */
export function admissionBound(name: AlgorithmName, c: LimiterConfig, tau: number): number {
  switch (name) {
    case 'token-bucket':
      return c.rate * tau + c.burst
    case 'leaky-bucket':
      // Admissions = growth of the queue (at most b) + departures, which are 1/r apart, so at
      // most floor(r tau) + 1 of them fit in a closed interval.
      return c.rate * tau + c.burst + 1
    case 'sliding-log':
      return c.limit * Math.max(1, Math.ceil(tau / c.window - EPS))
    case 'fixed-window':
    case 'sliding-counter':
      // Any interval of length tau overlaps at most ceil(tau/W)+1 fixed windows. (The sliding
      // counter's estimate is not a hard bound either; this is its worst case too.)
      return c.limit * (Math.ceil(tau / c.window - EPS) + 1)
  }
}
