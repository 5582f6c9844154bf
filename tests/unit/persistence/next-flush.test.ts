import { describe, expect, it } from 'vitest'
import { nextFlushIn } from '@/server/append-batcher'

describe('nextFlushIn (the append batcher\'s flush grid)', () => {
  it('waits until the next multiple of the period, never zero and never more than a period', () => {
    expect(nextFlushIn(1_000, 50)).toBe(50)
    expect(nextFlushIn(1_001, 50)).toBe(49)
    expect(nextFlushIn(1_049, 50)).toBe(1)
    expect(nextFlushIn(1_049.5, 50)).toBeCloseTo(0.5)
  })

  it('updates of one room at different moments of a period flush at the same instant, on its phase', () => {
    expect(1_003 + nextFlushIn(1_003, 50, 20)).toBe(1_020)
    expect(1_019 + nextFlushIn(1_019, 50, 20)).toBe(1_020)
    expect(1_021 + nextFlushIn(1_021, 50, 20)).toBe(1_070)
  })

  it('a zero period (tests use 1 ms, some 0) flushes at once', () => {
    expect(nextFlushIn(1_234, 0)).toBe(0)
    expect(nextFlushIn(1_234, 1)).toBe(1)
  })
})
