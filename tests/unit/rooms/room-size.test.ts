import { describe, expect, it } from 'vitest'
import { REMEASURE_MS, RoomSize } from '@/server/room-size'

describe('RoomSize', () => {
  it('adds applied bytes to the last measurement, and a measurement replaces the estimate', () => {
    const size = new RoomSize(1_000)
    size.applied(300)
    expect(size.bytes).toBe(1_300)
    size.measured(200, 0)
    expect(size.bytes).toBe(200)
  })

  it('measures before refusing: overwritten content past the cap is not a full room', () => {
    const size = new RoomSize(0)
    for (let i = 0; i < 100; i++) size.applied(1_000) // 100 KB of updates to a 2 KB document
    let measures = 0
    expect(size.wouldExceed(1_000, 64_000, 10_000, () => (measures++, 2_000))).toBe(false)
    expect(measures).toBe(1)
    expect(size.bytes).toBe(2_000)
  })

  it('refuses what really is too big, and measures at most once per REMEASURE_MS', () => {
    const size = new RoomSize(0)
    size.applied(63_000)
    let measures = 0
    const measure = (): number => (measures++, 63_000)
    expect(size.wouldExceed(2_000, 64_000, 10_000, measure)).toBe(true)
    expect(size.wouldExceed(2_000, 64_000, 10_000 + REMEASURE_MS - 1, measure)).toBe(true)
    expect(measures).toBe(1)
    expect(size.wouldExceed(2_000, 64_000, 10_000 + REMEASURE_MS, measure)).toBe(true)
    expect(measures).toBe(2)
  })

  it('does not measure while under the cap', () => {
    const size = new RoomSize(0)
    size.applied(10)
    expect(size.wouldExceed(10, 64_000, 0, () => { throw new Error('measured') })).toBe(false)
  })
})
