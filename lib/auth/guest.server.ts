// Guests: an interview's candidate joins without an account. Redeeming the invite sets a signed,
// HttpOnly cookie naming a random guest id, the name they entered and the one interview it is
// good for; the access check (lib/boards/access.server.ts) accepts it only for the board of the
// interview whose invite that guest id claimed. HS256 with a key derived from NEXTAUTH_SECRET
// (never the secret itself, so a guest token can never pass as a session or room token).
import { createHmac } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import { z } from 'zod'
import { serverEnv } from '@/lib/env.server'

export const GUEST_COOKIE = 'designroom.guest'
const ALG = 'HS256'
const ISSUER = 'designroom-guest'

export const guestClaimsSchema = z.object({
  gid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  name: z.string().min(1).max(80),
  iid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
})

export type Guest = z.infer<typeof guestClaimsSchema>

function key(): Uint8Array {
  return new Uint8Array(createHmac('sha256', serverEnv().NEXTAUTH_SECRET).update('designroom guest cookie v1').digest())
}

export async function signGuest(guest: Guest, expiresAt: Date): Promise<string> {
  return new SignJWT({ gid: guest.gid, name: guest.name, iid: guest.iid })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key())
}

export async function verifyGuest(token: string): Promise<Guest | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: [ALG], issuer: ISSUER, requiredClaims: ['exp'] })
    const claims = guestClaimsSchema.safeParse(payload)
    return claims.success ? claims.data : null
  } catch {
    return null
  }
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim()
  }
  return undefined
}

/** The guest this request's cookie names, or null (no cookie, bad signature, expired). */
export async function guestFromRequest(req: Request): Promise<Guest | null> {
  const token = cookieValue(req, GUEST_COOKIE)
  return token ? verifyGuest(token) : null
}

/** The Set-Cookie header for a guest token; Secure when the page was served over https. */
export function guestCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))
  return `${GUEST_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`
}
