import { describe, expect, it } from 'vitest'
import { AWARENESS_TICK_MS, AwarenessFanout } from '@/server/presence'

/** A hand-driven clock and timer queue, so the tick is observed exactly. */
function harness() {
  let now = 1_000
  const timers: Array<{ at: number; fn: () => void }> = []
  const sent: Array<{ all: number[]; local: number[] }> = []
  const fanout = new AwarenessFanout(
    (all, local) => sent.push({ all, local }),
    { timeout: (fn, ms) => (timers.push({ at: now + ms, fn }), () => {}) },
    () => now,
  )
  const advance = (ms: number): void => {
    now += ms
    const due = timers.filter((t) => t.at <= now)
    timers.splice(0, timers.length, ...timers.filter((t) => t.at > now))
    for (const t of due) t.fn()
  }
  return { fanout, sent, timers, advance }
}

describe('AwarenessFanout', () => {
  it('sends a change after a quiet tick at once', () => {
    const h = harness()
    h.fanout.note([7], false)
    expect(h.sent).toEqual([{ all: [7], local: [7] }])
  })

  it('coalesces a stream into one frame per tick, each client once, peers kept off the bus list', () => {
    const h = harness()
    h.fanout.note([1], false)
    h.fanout.note([1], false)
    h.fanout.note([2], true)
    h.fanout.note([1, 3], false)
    expect(h.sent).toHaveLength(1)
    h.advance(AWARENESS_TICK_MS - 1)
    expect(h.sent).toHaveLength(1)
    h.advance(1)
    expect(h.sent[1]).toEqual({ all: [1, 2, 3], local: [1, 3] })
  })

  it('an explicit flush sends what waits, and nothing when nothing changed', () => {
    const h = harness()
    h.fanout.note([1], false)
    h.fanout.note([4], true)
    h.fanout.flush()
    h.fanout.flush()
    expect(h.sent).toEqual([{ all: [1], local: [1] }, { all: [4], local: [] }])
  })
})
