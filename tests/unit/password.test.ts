import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '@/lib/auth/password'

// Cheap parameters keep the suite fast; the format and the comparison are what is under test.
const fast = { logN: 10, r: 8, p: 1 }

describe('password hashing', () => {
  it('a hash verifies with its password and not with another', async () => {
    const stored = await hashPassword('correct horse battery', fast)
    expect(await verifyPassword('correct horse battery', stored)).toBe(true)
    expect(await verifyPassword('correct horse battery!', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('encodes its parameters and a fresh salt in the hash string', async () => {
    const a = await hashPassword('same password', fast)
    const b = await hashPassword('same password', fast)
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
  })

  it('default parameters round-trip', async () => {
    const stored = await hashPassword('defaults are memory hard')
    expect(stored.startsWith('scrypt$15$8$3$')).toBe(true)
    expect(await verifyPassword('defaults are memory hard', stored)).toBe(true)
  })

  it('rejects unreadable or hostile hash strings instead of throwing', async () => {
    const stored = await hashPassword('pw-12345678', fast)
    const parts = stored.split('$')
    expect(await verifyPassword('pw-12345678', 'plain-text')).toBe(false)
    expect(await verifyPassword('pw-12345678', ['scrypt', '30', ...parts.slice(2)].join('$'))).toBe(false)
    expect(await verifyPassword('pw-12345678', [...parts.slice(0, 5), 'short'].join('$'))).toBe(false)
  })

  it('treats Unicode-equivalent passwords as equal (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9-password', fast)
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true)
  })
})
