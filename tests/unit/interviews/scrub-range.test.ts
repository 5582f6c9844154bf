import { describe, expect, it } from 'vitest'
import { SCRUB_STEP_MS, scrubRange } from '@/lib/interviews/scrub-range'

describe('scrubRange', () => {
  it('puts the end on the step grid, so dragging to the end reaches the last frame', () => {
    // The last checkpoint 50 ms before the end: with min at the start, the input's end would snap
    // to start + 8 s = 1,008,123, before that frame, and show the one before it.
    const lastFrame = 1_008_150
    const { min, max } = scrubRange([1_000_123, 1_004_000, lastFrame], 1_000_123, 1_008_200)
    expect(max).toBe(1_008_200)
    const end = min + Math.floor((max - min) / SCRUB_STEP_MS) * SCRUB_STEP_MS
    expect(end).toBeGreaterThanOrEqual(lastFrame)
    expect(min).toBeLessThanOrEqual(1_000_123)
    expect(1_000_123 - min).toBeLessThan(SCRUB_STEP_MS)
  })

  it('spans the frames when they fall outside the interview clock', () => {
    expect(scrubRange([5_000, 9_500], 6_000, 8_000)).toEqual({ min: 4_500, max: 9_500 })
  })

  it('is at least one step long for a single frame', () => {
    expect(scrubRange([7_000], null, null)).toEqual({ min: 6_001, max: 7_001 })
  })
})
