import { describe, expect, it } from 'vitest'
import { pickOwnerNode, rankNodes } from '@/lib/rooms/rendezvous'

const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }))
const rooms = Array.from({ length: 2000 }, (_, i) => `room-${i}`)

describe('rendezvous hashing', () => {
  it('every caller picks the same owner regardless of node order', () => {
    for (const room of rooms.slice(0, 200)) {
      expect(pickOwnerNode(room, nodes)?.id).toBe(pickOwnerNode(room, [...nodes].reverse())?.id)
    }
  })

  it('removing one of 5 nodes moves only that node\'s rooms', () => {
    const without = nodes.filter((n) => n.id !== 'c')
    for (const room of rooms) {
      const before = pickOwnerNode(room, nodes)!.id
      const after = pickOwnerNode(room, without)!.id
      if (before !== 'c') expect(after).toBe(before)
      else expect(after).toBe(rankNodes(room, nodes)[1]!.id)
    }
  })

  it('spreads rooms roughly evenly', () => {
    const counts = new Map<string, number>()
    for (const room of rooms) {
      const id = pickOwnerNode(room, nodes)!.id
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
    for (const n of nodes) expect(counts.get(n.id)).toBeGreaterThan(300) // 400 expected each
  })

  it('has no owner when no node is alive', () => {
    expect(pickOwnerNode('room', [])).toBeUndefined()
  })
})
