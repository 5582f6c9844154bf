// The signed-in user for a server component or route handler, re-read from the database so a
// deleted account's still-valid JWT opens nothing.
import { getServerSession } from 'next-auth'
import { cookies } from 'next/headers'
import { authOptions } from './options.server'
import { findUser, type PublicUser } from './users.server'

/** next-auth v4's session cookie, over http or https, whole or in chunks (`.0`, `.1`, …). */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/

export async function currentUser(): Promise<PublicUser | null> {
  // Without the cookie there is no session to read. Share-link viewers and candidates make every
  // room lookup this way (reliability.md L7), and next-auth's machinery costs a lookup real time.
  if (!(await cookies()).getAll().some((c) => SESSION_COOKIE.test(c.name))) return null
  const session = await getServerSession(authOptions())
  const id = session?.user?.id
  if (!id) return null
  return findUser(id)
}
