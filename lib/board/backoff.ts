// Reconnect delays for the board client: exponential with "full jitter" (AWS Architecture Blog,
// "Exponential Backoff And Jitter"), so that when a sync node dies its hundreds of clients
// spread their lookups over the window instead of stampeding the web tier in lockstep.
// Pure: the random source is injected, so tests pin it.

export type BackoffOptions = {
  /** Upper bound of the first retry's window, ms. */
  baseMs: number
  /** Upper bound of any window, ms. */
  capMs: number
  /** Lower bound of every delay, ms: keeps a tight loop impossible even with random() = 0. */
  floorMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000, floorMs: 100 }

/**
 * Delay before retry number `attempt` (0 = first retry after a drop): uniform in
 * [floor, min(cap, base * 2^attempt)). `random` returns values in [0, 1), like Math.random.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const safeAttempt = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0
  // 2^30 already exceeds any sane cap; clamping the exponent avoids Infinity arithmetic.
  const window = Math.min(options.capMs, options.baseMs * 2 ** Math.min(safeAttempt, 30))
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.max(options.floorMs, Math.floor(r * window))
}
