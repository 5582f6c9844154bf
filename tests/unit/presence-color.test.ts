import { describe, expect, it } from 'vitest'
import { PRESENCE_PALETTE, presenceColor } from '@/lib/rooms/presence-color'

describe('presence colour', () => {
  it('is stable for a subject and always from the palette', () => {
    for (let i = 0; i < 500; i++) {
      const subject = `user-${i}`
      expect(presenceColor(subject)).toBe(presenceColor(subject))
      expect(PRESENCE_PALETTE).toContain(presenceColor(subject))
      expect(presenceColor(subject)).toMatch(/^#[0-9a-f]{6}$/)
    }
  })

  it('pins known values so a change to the hash is deliberate', () => {
    expect([presenceColor('alice'), presenceColor('bob')]).toMatchInlineSnapshot(`
      [
        "#d9480f",
        "#2f9e44",
      ]
    `)
  })

  it('spreads subjects over the whole palette', () => {
    const seen = new Set(Array.from({ length: 300 }, (_, i) => presenceColor(`subject-${i}`)))
    expect(seen.size).toBe(PRESENCE_PALETTE.length)
  })
})
