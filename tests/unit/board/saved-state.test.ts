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

  it('is failing only when connected, told so by the node, and holding unacked edits', () => {
    expect(savedStateOf({ localClock: 4, ackedClock: 3, online: true, failing: true })).toBe('failing')
    // offline wins: with no socket the node's report is stale and the advice is different
    expect(savedStateOf({ localClock: 4, ackedClock: 3, online: false, failing: true })).toBe('offline')
    // nothing of this tab's is pending: saved, even while the database is down
    expect(savedStateOf({ localClock: 3, ackedClock: 3, online: true, failing: true })).toBe('saved')
  })

  it('enters failing on an unsaved notice and leaves it on the next ack or a disconnect', () => {
    const doc = new Y.Doc()
    const seen: string[] = []
    const tracker = new SavedTracker(doc, (s) => seen.push(s))
    tracker.setOnline(true)
    doc.getArray('x').push([1])
    expect(tracker.state).toBe('saving')
    tracker.unsaved()
    expect(tracker.state).toBe('failing')
    doc.getArray('x').push([2]) // more edits during the outage stay failing, not saving
    expect(tracker.state).toBe('failing')
    // An ack for someone else's commit still proves the node writes again: back to saving.
    tracker.acknowledge(svWith(doc.clientID + 1, 5))
    expect(tracker.state).toBe('saving')
    tracker.unsaved()
    tracker.acknowledge(svWith(doc.clientID, 2))
    expect(tracker.state).toBe('saved')
    expect(seen).toEqual(['saving', 'failing', 'saving', 'failing', 'saved'])

    // A notice with nothing pending changes nothing visible, but an edit made after it is failing.
    tracker.unsaved()
    expect(tracker.state).toBe('saved')
    doc.getArray('x').push([3])
    expect(tracker.state).toBe('failing')
    // Losing the socket forgets the notice: after reconnecting we are only saving until told again.
    tracker.setOnline(false)
    expect(tracker.state).toBe('offline')
    tracker.setOnline(true)
    expect(tracker.state).toBe('saving')
    tracker.destroy()
  })
})
