import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { thinEvenly } from '@/lib/history/thin'

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('thinEvenly', () => {
  it('keeps everything when within budget', () => {
    expect(thinEvenly(range(5), 5)).toEqual([0, 1, 2, 3, 4])
    expect(thinEvenly([], 3)).toEqual([])
  })

  it('picks evenly spaced frames including first and last', () => {
    expect(thinEvenly(range(11), 3)).toEqual([0, 5, 10])
    expect(thinEvenly(range(10), 4)).toEqual([0, 3, 6, 9])
  })

  it('with a budget of one keeps the final state', () => {
    expect(thinEvenly(range(4), 1)).toEqual([3])
  })

  it('refuses a budget that is not a positive integer', () => {
    expect(() => thinEvenly(range(4), 0)).toThrow(RangeError)
    expect(() => thinEvenly(range(4), 1.5)).toThrow(RangeError)
  })

  it('never exceeds the budget, keeps order and ends, no duplicates (property)', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.integer({ min: 2, max: 2_500 }), (n, max) => {
        const out = thinEvenly(range(n), max)
        expect(out.length).toBe(Math.min(n, max))
        if (n === 0) return
        expect([out[0], out.at(-1)]).toEqual([0, n - 1])
        // In order, no duplicates, and even: no gap wider than the ideal step rounded up.
        const step = n > 1 ? (n - 1) / (Math.min(n, max) - 1) : 0
        const gaps = out.slice(1).map((v, i) => v - out[i]!)
        expect(gaps.every((g) => g >= 1 && g <= Math.ceil(step))).toBe(true)
      }),
      { numRuns: 200, seed: 8 },
    )
  })
})
