// User records: the sign-up path and the OAuth find-or-create path.
import { db } from '@/lib/db.server'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password'
import type { SignupInput } from './signup-schema'

export type PublicUser = { id: string; email: string; name: string }

const publicFields = { id: true, email: true, name: true } as const

export type SignupResult = { ok: true; user: PublicUser } | { ok: false; reason: 'email-taken' }

export async function createPasswordUser(input: SignupInput): Promise<SignupResult> {
  const client = await db()
  const passwordHash = await hashPassword(input.password)
  try {
    const user = await client.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: publicFields,
    })
    return { ok: true, user }
  } catch (error) {
    // P2002: unique constraint (email), including the race of two sign-ups at once.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      return { ok: false, reason: 'email-taken' }
    }
    throw error
  }
}

/** The user for an email and password, or null. Takes the same time whether or not the email exists. */
export async function checkCredentials(email: string, password: string): Promise<PublicUser | null> {
  const client = await db()
  const user = await client.user.findUnique({ where: { email }, select: { ...publicFields, passwordHash: true } })
  if (!user?.passwordHash) {
    await verifyAgainstDummy(password)
    return null
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null
  return { id: user.id, email: user.email, name: user.name }
}

/** OAuth sign-in: the account is keyed by its (provider-verified) email. */
export async function findOrCreateOAuthUser(email: string, name: string): Promise<PublicUser> {
  const client = await db()
  return client.user.upsert({
    where: { email },
    create: { email, name: name.slice(0, 80) || email.split('@')[0] || 'User' },
    update: {},
    select: publicFields,
  })
}

export async function findUser(id: string): Promise<PublicUser | null> {
  const client = await db()
  return client.user.findUnique({ where: { id }, select: publicFields })
}
