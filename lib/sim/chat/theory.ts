// Back-of-the-envelope numbers for the panel's overlays.

/**
 * Expected pub/sub crossings per message when each member sits on a uniformly random one of
 * n servers: the other m - 1 members occupy (n - 1)(1 - (1 - 1/n)^(m-1)) servers other than
 * the sender's, on average. With connect-by-room every member shares one server: 0.
 */
export function expectedFanout(servers: number, members: number): number {
  if (servers <= 1 || members <= 1) return 0
  return (servers - 1) * (1 - Math.pow(1 - 1 / servers, members - 1))
}

/** Retry delay k: uniform in [floor, min(cap, base 2^k)), as lib/board/backoff.ts does. */
export function backoffDelay(attempt: number, u: number, base: number, cap: number, floor = 0.1): number {
  const window = Math.min(cap, base * 2 ** Math.min(attempt, 30))
  return Math.max(Math.min(floor, window), u * window)
}
