// Share links are capabilities: 256 random bits, shown once, stored only as a SHA-256 digest so
// a database leak leaks no working link. Pure: unit-tested in tests/unit/share-token.test.ts.
import { createHash, randomBytes } from 'node:crypto'

/** 32 random bytes, base64url (43 characters, no padding). */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Hex SHA-256 of the token: what Share.tokenHash holds. */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Cheap shape check before touching the database (tokens from URLs are untrusted). */
export function looksLikeShareToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token)
}

/** The link a person opens: the board page reads `share` from the query string. */
export function shareUrl(origin: string, boardId: string, token: string): string {
  return `${origin}/b/${encodeURIComponent(boardId)}?share=${token}`
}
