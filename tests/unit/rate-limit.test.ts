import { describe, expect, it } from 'vitest'
import { clientKey, RateLimiter } from '@/lib/http/rate-limit'

describe('rate limiter', () => {
  it('allows the limit per window, refuses the rest, and starts over in the next window', () => {
    const limiter = new RateLimiter(3, 1000)
    expect([1, 2, 3, 4].map(() => limiter.take('a', 0))).toEqual([true, true, true, false])
    expect(limiter.take('b', 10)).toBe(true)
    expect(limiter.take('a', 999)).toBe(false)
    expect(limiter.take('a', 1000)).toBe(true)
  })

  it('keeps a bounded table: when full it forgets everyone rather than growing', () => {
    const limiter = new RateLimiter(1, 1000, 2)
    expect(limiter.take('a', 0)).toBe(true)
    expect(limiter.take('a', 0)).toBe(false)
    expect(limiter.take('b', 0)).toBe(true)
    expect(limiter.take('c', 0)).toBe(true)
    expect(limiter.take('a', 0)).toBe(true)
  })

  it('keys on the first forwarded address', () => {
    expect(clientKey(new Request('http://x/', { headers: { 'x-forwarded-for': '10.0.0.1, 10.0.0.2' } }))).toBe('10.0.0.1')
    expect(clientKey(new Request('http://x/'))).toBe('direct')
  })
})
