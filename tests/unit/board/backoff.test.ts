import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, backoffDelay } from '@/lib/board/backoff'

const opts = { baseMs: 500, capMs: 15_000, floorMs: 100 }

describe('backoffDelay', () => {
  it('grows the window exponentially from the base', () => {
    const top = () => 0.999999
    expect(backoffDelay(0, top, opts)).toBe(499)
    expect(backoffDelay(1, top, opts)).toBe(999)
    expect(backoffDelay(3, top, opts)).toBe(3999)
  })

  it('never exceeds the cap, even for huge attempt counts', () => {
    for (const attempt of [5, 10, 31, 1000, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      expect(backoffDelay(attempt, () => 0.999999, opts)).toBeLessThan(opts.capMs)
    }
  })

  it('never goes below the floor', () => {
    expect(backoffDelay(0, () => 0, opts)).toBe(opts.floorMs)
    expect(backoffDelay(-3, () => 0, opts)).toBe(opts.floorMs)
    expect(backoffDelay(Number.NaN, () => 0.5, opts)).toBe(250)
  })

  it('spreads clients over the whole window (full jitter)', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, random, opts))
    const window = 500 * 2 ** 4
    expect(Math.min(...delays)).toBeLessThan(window * 0.05)
    expect(Math.max(...delays)).toBeGreaterThan(window * 0.95)
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length
    expect(mean).toBeGreaterThan(window * 0.4)
    expect(mean).toBeLessThan(window * 0.6)
  })

  it('clamps a misbehaving random source', () => {
    expect(backoffDelay(0, () => 7, opts)).toBe(500)
    expect(backoffDelay(0, () => -1, opts)).toBe(100)
  })

  it('has sane defaults', () => {
    expect(DEFAULT_BACKOFF.capMs).toBeGreaterThan(DEFAULT_BACKOFF.baseMs)
  })
})
