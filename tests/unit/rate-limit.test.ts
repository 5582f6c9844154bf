import { describe, expect, it } from 'vitest'
import { clientAddress } from '@/lib/http/client-address'
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

  it('keys on the address the server stamped, never on what the client forwarded', () => {
    expect(clientKey(new Request('http://x/', { headers: { 'x-designroom-client': '10.0.0.9', 'x-forwarded-for': '1.2.3.4' } }))).toBe('10.0.0.9')
    expect(clientKey(new Request('http://x/', { headers: { 'x-forwarded-for': '1.2.3.4' } }))).toBe('direct')
  })

  it('stamps the socket address unless told to trust a proxy', () => {
    const forged = { 'x-forwarded-for': '6.6.6.6, 10.0.0.2' }
    expect(clientAddress(forged, '192.0.2.7', false)).toBe('192.0.2.7')
    expect(clientAddress(forged, '192.0.2.7', true)).toBe('6.6.6.6')
    expect(clientAddress({}, '192.0.2.7', true)).toBe('192.0.2.7')
    expect(clientAddress({ 'x-forwarded-for': ['7.7.7.7'] }, undefined, true)).toBe('7.7.7.7')
    expect(clientAddress({}, undefined, false)).toBe('unknown')
  })
})
