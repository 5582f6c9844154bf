// The signed-in user for a server component or route handler, re-read from the database so a
// deleted account's still-valid JWT opens nothing.
import { getServerSession } from 'next-auth'
import { authOptions } from './options.server'
import { findUser, type PublicUser } from './users.server'

export async function currentUser(): Promise<PublicUser | null> {
  const session = await getServerSession(authOptions())
  const id = session?.user?.id
  if (!id) return null
  return findUser(id)
}
