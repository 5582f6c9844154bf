import { afterEach, describe, expect, it, vi } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RoomConnection, type ConnectionState } from '@/lib/board/room-connection'
import type { LookupOutcome } from '@/lib/board/room-lookup'

function setup(outcomes: LookupOutcome[]) {
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  const states: ConnectionState[] = []
  let calls = 0
  const connection = new RoomConnection({
    boardId: 'b1',
    doc,
    awareness,
    onState: (s) => states.push(s),
    lookup: async () => outcomes[Math.min(calls++, outcomes.length - 1)]!,
    random: () => 0.5,
  })
  return { connection, states, calls: () => calls, dispose: () => (connection.destroy(), awareness.destroy(), doc.destroy()) }
}

afterEach(() => vi.useRealTimers())

describe('RoomConnection', () => {
  it('stops with the reason when the lookup is refused (401/403/404)', async () => {
    const t = setup([{ ok: false, retry: false, status: 403, message: 'revoked link' }])
    t.connection.start()
    await vi.waitFor(() => expect(t.states.at(-1)?.kind).toBe('stopped'))
    expect(t.states.at(-1)).toEqual({ kind: 'stopped', reason: 'denied', message: 'revoked link' })
    expect(t.calls()).toBe(1)
    t.dispose()
  })

  it('retries a failing lookup with growing, jittered delays and looks up again each time', async () => {
    vi.useFakeTimers()
    const t = setup([{ ok: false, retry: true, message: 'down' }])
    t.connection.start()
    await vi.advanceTimersByTimeAsync(0)
    const waits = () => t.states.filter((s): s is Extract<ConnectionState, { kind: 'waiting' }> => s.kind === 'waiting').map((s) => s.retryInMs)
    expect(waits()).toEqual([250])
    await vi.advanceTimersByTimeAsync(250)
    await vi.advanceTimersByTimeAsync(500)
    await vi.advanceTimersByTimeAsync(1000)
    expect(waits()).toEqual([250, 500, 1000, 2000])
    expect(t.calls()).toBe(4)
    t.dispose()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.calls()).toBe(4) // destroy cancels the pending retry
  })
})
