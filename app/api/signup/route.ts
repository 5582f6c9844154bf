import { signupSchema } from '@/lib/auth/signup-schema'
import { createPasswordUser } from '@/lib/auth/users.server'
import { serverEnv } from '@/lib/env.server'
import { jsonError, readJson } from '@/lib/http/json'
import { isCrossOrigin } from '@/lib/http/origin'
import { clientKey, RateLimiter } from '@/lib/http/rate-limit'

export const dynamic = 'force-dynamic'

/**
 * Sign-ups per client address (lib/http/client-address.ts) per hour, SIGNUP_LIMIT_PER_HOUR
 * (default 100). Every attempt with a valid body counts, taken ones (409) too: each costs a
 * scrypt hash, and a 409 tells whether an email has an account. Why 100: a class or a workshop
 * signs up together from one NAT address, often 30 to 60 people within minutes, and our own
 * test suites sign up from 127.0.0.1 against one server: ~30 users in one e2e run (the specs
 * share a server), up to ~20 in one integration file. 100 leaves both room, and holds a script
 * looping from one address to 100 accounts an hour. A bigger class behind one address needs the
 * operator setting, not a code change.
 * Built on first use, so importing the route during `next build` reads no env.
 */
let perClient: RateLimiter | undefined
const HOUR_MS = 60 * 60_000

export async function POST(req: Request): Promise<Response> {
  if (isCrossOrigin(req)) return jsonError(403, 'cross-origin request refused')
  const body = await readJson(req, signupSchema)
  if (!body.ok) return body.response
  perClient ??= new RateLimiter(serverEnv().SIGNUP_LIMIT_PER_HOUR, HOUR_MS)
  const client = clientKey(req)
  if (!perClient.take(client)) {
    const retryAfter = perClient.retryAfterSeconds(client)
    const minutes = Math.ceil(retryAfter / 60)
    return Response.json(
      { error: `too many sign-ups from this network; try again in ${minutes} minute${minutes === 1 ? '' : 's'}` },
      { status: 429, headers: { 'retry-after': String(retryAfter) } },
    )
  }
  const result = await createPasswordUser(body.data)
  if (!result.ok) return jsonError(409, 'an account with this email already exists')
  return Response.json(result.user, { status: 201 })
}
