// Password hashing with Node's built-in scrypt (memory-hard, no native dependency). The stored
// string carries its own parameters so they can be raised later without breaking old hashes:
//   scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const KEY_LENGTH = 32
const SALT_LENGTH = 16
/**
 * N = 2^15, r = 8, p = 3: 32 MiB and ~250 ms per hash on a 2-core box. One of OWASP's listed
 * equivalent minimums (Password Storage Cheat Sheet: N=2^17 r=8 p=1, ..., N=2^15 r=8 p=3).
 */
export const DEFAULT_PARAMS = { logN: 15, r: 8, p: 3 } as const

type Params = { logN: number; r: number; p: number }

function scrypt(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  const N = 2 ** params.logN
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 }
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

export async function hashPassword(password: string, params: Params = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await scrypt(password, salt, params)
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

function parse(stored: string): { params: Params; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  // Bounds keep a corrupted or hostile row from asking for gigabytes of memory.
  if (!Number.isInteger(logN) || logN < 10 || logN > 20) return undefined
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return undefined
  const salt = Buffer.from(parts[4] ?? '', 'base64url')
  const key = Buffer.from(parts[5] ?? '', 'base64url')
  if (salt.length < 8 || key.length !== KEY_LENGTH) return undefined
  return { params: { logN, r, p }, salt, key }
}

/** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const key = await scrypt(password, parsed.salt, parsed.params)
  return timingSafeEqual(key, parsed.key)
}

let dummy: Promise<string> | undefined
/**
 * Spend the same time as a real check when the account does not exist, so response timing does
 * not tell an attacker which emails are registered.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password')
  await verifyPassword(password, await dummy)
  return false
}
