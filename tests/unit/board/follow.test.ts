import { describe, expect, it } from 'vitest'
import { followAction } from '@/lib/board/follow'
import type { TLUserId } from 'tldraw'
import type { Peer } from '@/lib/board/presence'

const peer = (clientId: number, lead: number | null, isSelf = false): Peer => ({
  clientId,
  name: `p${clientId}`,
  color: '#123456',
  isSelf,
  userId: `user:${clientId}` as TLUserId,
  lead,
})

describe('bring everyone to me', () => {
  it('follows a peer when they start leading, and stops when they stop', () => {
    const seen = new Map<number, number | null>()
    expect(followAction([peer(1, null, true), peer(2, null)], seen, null)).toBeNull()
    expect(followAction([peer(1, null, true), peer(2, 100)], seen, null)).toEqual({ kind: 'follow', peer: peer(2, 100) })
    // Nothing new while the same request stands.
    expect(followAction([peer(1, null, true), peer(2, 100)], seen, 'user:2')).toBeNull()
    expect(followAction([peer(1, null, true), peer(2, null)], seen, 'user:2')).toEqual({ kind: 'stop' })
  })

  it('a follower who walked away is summoned again by a new request, not by the old one', () => {
    const seen = new Map<number, number | null>()
    followAction([peer(2, 100)], seen, null)
    expect(followAction([peer(2, 100)], seen, null)).toBeNull()
    expect(followAction([peer(2, 200)], seen, null)).toMatchObject({ kind: 'follow', peer: { clientId: 2 } })
  })

  it('ignores its own lead and keeps a follow the person chose', () => {
    const seen = new Map<number, number | null>()
    expect(followAction([peer(1, 100, true), peer(2, null)], seen, null)).toBeNull()
    // Following peer 2 by choice: peer 2 never led, so nothing stops it.
    expect(followAction([peer(1, null, true), peer(2, null)], seen, 'user:2')).toBeNull()
  })

  it('the newest of two leaders wins; a leader who leaves is forgotten', () => {
    const seen = new Map<number, number | null>()
    expect(followAction([peer(2, 100), peer(3, 300)], seen, null)).toMatchObject({ peer: { clientId: 3 } })
    followAction([peer(2, 100)], seen, 'user:3')
    expect(seen.has(3)).toBe(false)
    // Peer 3 comes back leading with the same value: a new arrival, so a new request.
    expect(followAction([peer(2, 100), peer(3, 300)], seen, null)).toMatchObject({ peer: { clientId: 3 } })
  })
})
