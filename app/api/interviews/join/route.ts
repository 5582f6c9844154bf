import { guestCookie, guestFromRequest, signGuest } from '@/lib/auth/guest.server'
import { jsonError, readJson } from '@/lib/http/json'
import { isCrossOrigin, requestProtocol } from '@/lib/http/origin'
import { clientKey, RateLimiter } from '@/lib/http/rate-limit'
import { joinInterviewSchema } from '@/lib/interviews/contract'
import { inviteProblems, joinInterview } from '@/lib/interviews/invites.server'

export const dynamic = 'force-dynamic'

// Per client, and for everyone together: X-Forwarded-For is only as honest as the proxy in front.
const perClient = new RateLimiter(30, 60_000)
const overall = new RateLimiter(600, 60_000)

/** A candidate redeems their invite link: no account, just a name; answers with a guest cookie. */
export async function POST(req: Request): Promise<Response> {
  if (isCrossOrigin(req)) return jsonError(403, 'cross-origin request refused')
  if (!perClient.take(clientKey(req)) || !overall.take('all')) return jsonError(429, 'too many attempts; wait a minute and try again')
  const body = await readJson(req, joinInterviewSchema)
  if (!body.ok) return body.response
  const outcome = await joinInterview(body.data.token, body.data.name, await guestFromRequest(req))
  if (!outcome.ok) {
    const problem = inviteProblems[outcome.problem]
    return jsonError(problem.status, problem.error)
  }
  const token = await signGuest(outcome.guest, outcome.expiresAt)
  return Response.json(
    { interviewId: outcome.guest.iid },
    { headers: { 'set-cookie': guestCookie(token, outcome.expiresAt, requestProtocol(req) === 'https'), 'cache-control': 'no-store' } },
  )
}
