import { describe, expect, it } from 'vitest'
import { FrameTimings } from '@/server/frame-timings'

describe('FrameTimings: time per client frame (B22)', () => {
  it('reports nothing before the first frame', () => {
    expect(new FrameTimings().summary()).toEqual({ frames: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 })
  })

  it('gives percentiles that never understate and overstate at most twice, and the exact maximum', () => {
    const t = new FrameTimings()
    // 98 fast frames of 0.1 ms, one of 3 ms, one of 40 ms.
    for (let i = 0; i < 98; i++) t.record(0.1)
    t.record(3)
    t.record(40)
    const s = t.summary()
    expect(s.frames).toBe(100)
    expect(s.p50Ms).toBeGreaterThanOrEqual(0.1)
    expect(s.p50Ms).toBeLessThanOrEqual(0.2)
    expect(s.p99Ms).toBeGreaterThanOrEqual(3)
    expect(s.p99Ms).toBeLessThanOrEqual(6)
    expect(s.maxMs).toBe(40)
  })

  it('caps a percentile at the true maximum', () => {
    const t = new FrameTimings()
    t.record(5)
    expect(t.summary().p99Ms).toBe(5)
  })

  it('keeps very long frames in the last bucket', () => {
    const t = new FrameTimings()
    t.record(10 * 60 * 60 * 1000)
    expect(t.summary().maxMs).toBe(36_000_000)
    expect(t.summary().p99Ms).toBeGreaterThan(0)
  })
})
