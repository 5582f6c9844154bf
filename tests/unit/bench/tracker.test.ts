// The load harness's probe tracker (tests/bench/scenarios.ts): what "delivered" and "lost" mean
// in L1, L3 and the L6 soak.
import { describe, expect, it } from 'vitest'
import { Tracker } from '../../bench/scenarios'

describe('Tracker', () => {
  it('counts a write delivered once both other people have it, and a later write of the same writer covers earlier ones', () => {
    const t = new Tracker()
    const [writer, a, b] = [{ person: 1 }, { person: 2 }, { person: 3 }]
    const first = t.next(writer, 2, 0)
    const second = t.next(writer, 2, 0)
    t.onMarkers(a, [first], 5)
    expect(t.pending.has(first)).toBe(true)
    t.onMarkers(b, [second], 7) // b saw only the later value (the earlier was overwritten)
    t.onMarkers(a, [second], 8)
    expect(t.lost()).toBe(0)
    expect(t.latencies).toEqual([7, 8])
    expect(t.coalesced).toBe(1)
  })

  it('a writer that reconnected: edits made while its old socket closed are covered by the new socket\'s later ones', () => {
    const t = new Tracker()
    // The soak's case: edits attributed to the closing socket (never sent; they reach the room in
    // the state the next socket uploads), then edits on the new socket, which the others receive.
    const oldSocket = { person: 1 }
    const newSocket = { person: 1 }
    const unsent = [t.next(oldSocket, 2, 0), t.next(oldSocket, 2, 1)]
    const sent = t.next(newSocket, 2, 2)
    t.onMarkers({ person: 2 }, [sent], 10)
    t.onMarkers({ person: 3 }, [sent], 11)
    expect(unsent.every((seq) => !t.pending.has(seq))).toBe(true)
    expect(t.lost()).toBe(0)
  })

  it('one receiver seen through two sockets still counts once: the other receiver\'s miss stays lost', () => {
    const t = new Tracker()
    const seq = t.next({ person: 1 }, 2, 0)
    t.onMarkers({ person: 2 }, [seq], 3)
    t.onMarkers({ person: 2 }, [seq], 4) // the same viewer again, after its reconnect
    expect(t.pending.has(seq)).toBe(true)
    expect(t.lost()).toBe(1)
  })

  it('a writer never counts as receiving its own write', () => {
    const t = new Tracker()
    const writer = { person: 1 }
    const seq = t.next(writer, 1, 0)
    t.onMarkers(writer, [seq], 1)
    expect(t.lost()).toBe(1)
  })
})
