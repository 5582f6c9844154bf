// Room tokens: short-lived JWTs the web tier signs after its access check, and the sync node
// verifies at the WebSocket upgrade without a database round trip. HS256 with a key id so keys
// can rotate (the node accepts a list of kid -> secret). RFC 8725: pin the algorithm, check
// audience (the room) and issuer, keep the lifetime short.
import { SignJWT, jwtVerify, errors } from 'jose'
import { z } from 'zod'
import { roleSchema, type Role } from './roles'

export const ROOM_TOKEN_ISSUER = 'designroom-web'
const ALG = 'HS256'

export const roomTokenClaimsSchema = z.object({
  /** The room this token opens. */
  aud: z.string(),
  /** User id, or `share:<shareId>` for a visitor with a link. */
  sub: z.string(),
  role: roleSchema,
  /** Shown in presence; the node sets it from here so nobody can pose as someone else. */
  name: z.string().max(80),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  /** The share link used, so revoking it can close its sockets. */
  sid: z.string().optional(),
  exp: z.number(),
  iat: z.number(),
})

export type RoomTokenClaims = z.infer<typeof roomTokenClaimsSchema>

export type RoomTokenKey = { kid: string; secret: string }

export type RoomTokenInput = {
  room: string
  subject: string
  role: Role
  name: string
  color: string
  shareId?: string
}

function keyBytes(secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

export async function signRoomToken(
  input: RoomTokenInput,
  key: RoomTokenKey,
  ttlSeconds: number,
  now: number = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now / 1000)
  const exp = iat + ttlSeconds
  const claims: Record<string, string> = { role: input.role, name: input.name, color: input.color }
  if (input.shareId) claims.sid = input.shareId
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(ROOM_TOKEN_ISSUER)
    .setAudience(input.room)
    .setSubject(input.subject)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keyBytes(key.secret))
  return { token, expiresAt: new Date(exp * 1000) }
}

export type VerifyResult =
  | { ok: true; claims: RoomTokenClaims }
  | { ok: false; reason: 'expired' | 'invalid' | 'wrong-room' | 'unknown-key' }

/** Verifies a token for `room` against the keys a node accepts (current first). */
export async function verifyRoomToken(
  token: string,
  room: string,
  keys: readonly RoomTokenKey[],
  now: number = Date.now(),
): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = keys.find((k) => k.kid === header.kid)
        if (!key) throw new UnknownKeyError()
        return keyBytes(key.secret)
      },
      {
        algorithms: [ALG],
        issuer: ROOM_TOKEN_ISSUER,
        audience: room,
        currentDate: new Date(now),
        clockTolerance: 5,
        requiredClaims: ['exp', 'iat', 'sub', 'aud'],
      },
    )
    const claims = roomTokenClaimsSchema.safeParse(payload)
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: 'invalid' }
  } catch (error) {
    if (error instanceof UnknownKeyError) return { ok: false, reason: 'unknown-key' }
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') return { ok: false, reason: 'wrong-room' }
    return { ok: false, reason: 'invalid' }
  }
}

class UnknownKeyError extends Error {}

/** Parses ROOM_TOKEN_PREVIOUS_KEYS ("kid:secret,kid:secret") into keys. */
export function parseKeyList(value: string | undefined): RoomTokenKey[] {
  if (!value) return []
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf(':')
      if (i <= 0) throw new Error('ROOM_TOKEN_PREVIOUS_KEYS entries must be "kid:secret"')
      return { kid: pair.slice(0, i), secret: pair.slice(i + 1) }
    })
}
