import { describe, expect, it } from 'vitest'
import { cutByLine } from '@/lib/sim/cut-line'

// Five replicas on a ring of radius 100 around (150, 150), n0 at the top, clockwise.
const ring = Array.from({ length: 5 }, (_, i) => {
  const a = -Math.PI / 2 + (2 * Math.PI * i) / 5
  return { id: `n${i}`, x: 150 + 100 * Math.cos(a), y: 150 + 100 * Math.sin(a) }
})

describe('a cut drawn across the ring', () => {
  it('separates the smaller side, whichever way the stroke goes', () => {
    // A horizontal stroke just under the top replica cuts n0 off alone.
    expect(cutByLine(ring, { x: 0, y: 90 }, { x: 300, y: 90 })).toEqual(['n0'])
    expect(cutByLine(ring, { x: 300, y: 90 }, { x: 0, y: 90 })).toEqual(['n0'])
    // A vertical stroke left of centre: n3 and n4 (the left side) are the minority.
    expect(cutByLine(ring, { x: 120, y: 0 }, { x: 120, y: 300 })?.sort()).toEqual(['n3', 'n4'])
  })

  it('ignores clicks and strokes that leave everyone on one side', () => {
    expect(cutByLine(ring, { x: 10, y: 10 }, { x: 15, y: 12 })).toBeNull()
    expect(cutByLine(ring, { x: 0, y: 290 }, { x: 300, y: 290 })).toBeNull()
  })

  it('splits four replicas 2-2 with the group holding the first', () => {
    const four = ring.slice(0, 4)
    const cut = cutByLine(four, { x: 0, y: 0 }, { x: 300, y: 300 })
    expect(cut).toHaveLength(2)
    expect(cut).toContain('n0')
  })
})
