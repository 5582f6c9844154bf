import { describe, expect, it } from 'vitest'
import { hashShareToken, looksLikeShareToken, newShareToken, shareUrl } from '@/lib/boards/share-token'

describe('share tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const token = newShareToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    expect(newShareToken()).not.toBe(token)
    expect(looksLikeShareToken(token)).toBe(true)
  })

  it('are stored as a stable SHA-256 that does not contain the token', () => {
    const token = newShareToken()
    expect(hashShareToken(token)).toBe(hashShareToken(token))
    expect(hashShareToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashShareToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hashShareToken(token)).not.toContain(token)
  })

  it('rejects token-shaped junk before any database lookup', () => {
    for (const bad of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) expect(looksLikeShareToken(bad)).toBe(false)
  })

  it('builds the board link the page reads', () => {
    expect(shareUrl('http://127.0.0.1:3000', 'b1', 'tok')).toBe('http://127.0.0.1:3000/b/b1?share=tok')
  })
})
