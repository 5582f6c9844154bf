import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SavedTracker, savedStateOf } from '@/lib/board/saved-state'

function svWith(clientId: number, clock: number): Map<number, number> {
  return new Map([[clientId, clock]])
}

describe('saved state', () => {
  it('is saved when the acked clock covers the local clock', () => {
    expect(savedStateOf({ localClock: 3, ackedClock: 3, online: true })).toBe('saved')
    expect(savedStateOf({ localClock: 0, ackedClock: 0, online: false })).toBe('saved')
    expect(savedStateOf({ localClock: 4, ackedClock: 3, online: true })).toBe('saving')
    expect(savedStateOf({ localClock: 4, ackedClock: 3, online: false })).toBe('offline')
  })

  it('follows local edits and acks for this doc only', () => {
    const doc = new Y.Doc()
    const seen: string[] = []
    const tracker = new SavedTracker(doc, (s) => seen.push(s))
    tracker.setOnline(true)
    doc.getArray('x').push([1, 2])
    expect(tracker.state).toBe('saving')
    tracker.acknowledge(svWith(doc.clientID + 1, 10)) // someone else's clock
    expect(tracker.state).toBe('saving')
    tracker.acknowledge(svWith(doc.clientID, 2))
    expect(tracker.state).toBe('saved')
    tracker.acknowledge(svWith(doc.clientID, 1)) // a late, older ack
    expect(tracker.state).toBe('saved')
    tracker.setOnline(false)
    doc.getArray('x').push([3])
    expect(tracker.state).toBe('offline')
    expect(seen).toEqual(['saving', 'saved', 'offline'])
    tracker.destroy()
  })
})
