import { describe, expect, it } from 'vitest'
import { SettledState, type StateVector } from '@/server/settled-state'

const sv = (entries: Array<[number, number]>): StateVector => new Map(entries)
const WINDOW = 2_000

describe('SettledState: which peer gaps get an anti-entropy answer (L8)', () => {
  it('does not answer a gap the node filled moments ago: that content is still on the bus', () => {
    const s = new SettledState(WINDOW)
    s.changed(0, () => sv([[1, 10]]))
    s.changed(5_000, () => sv([[1, 20]]))
    // At 5,100 the peer lacks 10..20, which arrived here 100 ms ago.
    expect(s.peerLacksSettled(5_100, sv([[1, 20]]), sv([[1, 10]]))).toBe(false)
  })

  it('answers a gap once the node has held the content for the window', () => {
    const s = new SettledState(WINDOW)
    s.changed(0, () => sv([[1, 10]]))
    s.changed(5_000, () => sv([[1, 20]]))
    expect(s.peerLacksSettled(7_000, sv([[1, 20]]), sv([[1, 10]]))).toBe(true)
  })

  it('answers old gaps even while the document keeps changing', () => {
    const s = new SettledState(WINDOW)
    // One edit every 100 ms: clock c arrived at t = 100 c.
    for (let t = 0; t <= 10_000; t += 100) s.changed(t, () => sv([[1, t / 100]]))
    const now = sv([[1, 100]])
    // The peer lacks everything after clock 5 (t = 500 ms): long settled at t = 10,000.
    expect(s.peerLacksSettled(10_000, now, sv([[1, 5]]))).toBe(true)
    // A peer missing only the last 100 ms is waiting for the bus.
    expect(s.peerLacksSettled(10_000, now, sv([[1, 99]]))).toBe(false)
    // Four seconds is always old enough: two windows.
    expect(s.peerLacksSettled(10_000, now, sv([[1, 59]]))).toBe(true)
  })

  it('counts a client the peer has never seen', () => {
    const s = new SettledState(WINDOW)
    s.changed(0, () => sv([[1, 3], [2, 4]]))
    expect(s.peerLacksSettled(3_000, sv([[1, 3], [2, 4]]), sv([[1, 3]]))).toBe(true)
  })

  it('finds nothing to answer when the peer holds at least as much', () => {
    const s = new SettledState(WINDOW)
    s.changed(0, () => sv([[1, 3]]))
    expect(s.peerLacksSettled(9_000, sv([[1, 3]]), sv([[1, 3], [7, 1]]))).toBe(false)
  })

  it('answers everything within a hello window, and only then', () => {
    const s = new SettledState(WINDOW)
    s.changed(1_000, () => sv([[1, 10]]))
    expect(s.inHello(1_000)).toBe(false)
    s.hello(1_000)
    expect(s.inHello(1_500)).toBe(true)
    expect(s.inHello(3_000)).toBe(false)
  })

  it('reads the state vector at most once a window', () => {
    const s = new SettledState(WINDOW)
    let reads = 0
    for (let t = 0; t < 10_000; t += 10) s.changed(t, () => (reads++, sv([[1, t]])))
    expect(reads).toBe(5)
  })
})
