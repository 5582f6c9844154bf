import { SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ROOM_TOKEN_ISSUER, signRoomToken, verifyRoomToken, type RoomTokenKey } from '@/lib/auth/room-token'

const current: RoomTokenKey = { kid: 'k2', secret: 'current-secret-0123456789abcdef0123456789' }
const previous: RoomTokenKey = { kid: 'k1', secret: 'previous-secret-0123456789abcdef012345678' }
const input = { room: 'board1', subject: 'user-1', role: 'viewer' as const, name: 'Vic', color: '#123456' }

describe('room tokens', () => {
  it('a viewer token carries role viewer and the room as audience', async () => {
    const { token } = await signRoomToken(input, current, 60)
    const result = await verifyRoomToken(token, 'board1', [current])
    expect(result).toMatchObject({ ok: true, claims: { role: 'viewer', aud: 'board1', sub: 'user-1', name: 'Vic' } })
  })

  it('an expired token is rejected', async () => {
    const { token } = await signRoomToken(input, current, 60, Date.now() - 10 * 60_000)
    expect(await verifyRoomToken(token, 'board1', [current])).toEqual({ ok: false, reason: 'expired' })
  })

  it('a forged token (wrong secret, right kid) is rejected', async () => {
    const { token } = await signRoomToken(input, { kid: 'k2', secret: 'attacker-secret-0123456789abcdef01234567' }, 60)
    expect(await verifyRoomToken(token, 'board1', [current])).toEqual({ ok: false, reason: 'invalid' })
  })

  it('a token for another room is rejected', async () => {
    const { token } = await signRoomToken(input, current, 60)
    expect(await verifyRoomToken(token, 'board2', [current])).toEqual({ ok: false, reason: 'wrong-room' })
  })

  it('an unknown key id is rejected', async () => {
    const { token } = await signRoomToken(input, { kid: 'k9', secret: current.secret }, 60)
    expect(await verifyRoomToken(token, 'board1', [current])).toEqual({ ok: false, reason: 'unknown-key' })
  })

  it('alg=none is rejected', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = new UnsecuredJWT({ role: 'editor', name: 'X', color: '#000000' })
      .setIssuer(ROOM_TOKEN_ISSUER)
      .setAudience('board1')
      .setSubject('user-1')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .encode()
    expect((await verifyRoomToken(token, 'board1', [current])).ok).toBe(false)
  })

  it('HS512 with the right secret is rejected (algorithm pinned)', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = await new SignJWT({ role: 'editor', name: 'X', color: '#000000' })
      .setProtectedHeader({ alg: 'HS512', kid: current.kid })
      .setIssuer(ROOM_TOKEN_ISSUER)
      .setAudience('board1')
      .setSubject('user-1')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(current.secret))
    expect((await verifyRoomToken(token, 'board1', [current])).ok).toBe(false)
  })

  it('key rotation: a token signed with the previous key is still accepted', async () => {
    const { token } = await signRoomToken(input, previous, 60)
    expect((await verifyRoomToken(token, 'board1', [current, previous])).ok).toBe(true)
    expect(await verifyRoomToken(token, 'board1', [current])).toEqual({ ok: false, reason: 'unknown-key' })
  })
})
