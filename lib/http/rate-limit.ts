// A fixed-window counter per key (a client address), in process memory: enough to make guessing
// invite tokens by brute force pointless (they hold 256 random bits anyway) and to stop one
// client hammering the redemption route. Several web processes each keep their own counts.

import { CLIENT_HEADER } from './client-address'

export class RateLimiter {
  readonly #hits = new Map<string, { windowStart: number; count: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whether `key` has used up its limit in this window, without counting an attempt. */
  exhausted(key: string, now = Date.now()): boolean {
    const entry = this.#hits.get(key)
    return entry !== undefined && now - entry.windowStart < this.windowMs && entry.count >= this.limit
  }

  /** Counts one attempt for `key`; false when the key is over its limit in this window. */
  take(key: string, now = Date.now()): boolean {
    const entry = this.#hits.get(key)
    if (!entry || now - entry.windowStart >= this.windowMs) {
      // Bounded memory: forget everyone once the table is full (a flood only resets counts).
      if (!entry && this.#hits.size >= this.maxKeys) this.#hits.clear()
      this.#hits.set(key, { windowStart: now, count: 1 })
      return true
    }
    entry.count += 1
    return entry.count <= this.limit
  }

  /** Whole seconds until `key`'s window ends (at least 1), for a Retry-After header. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const entry = this.#hits.get(key)
    const left = entry ? entry.windowStart + this.windowMs - now : 0
    return Math.max(1, Math.ceil(left / 1000))
  }
}

/** The client's address as the web server stamped it (lib/http/client-address.ts); 'direct' when
 *  nothing did (a handler called outside server/main.ts, as in unit tests). */
export function clientKey(req: Request): string {
  return req.headers.get(CLIENT_HEADER)?.trim() || 'direct'
}
