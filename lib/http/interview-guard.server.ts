// The checks every interview route starts with. A missing interview and one the caller may not
// see answer 404 with the same body, so interview ids reveal nothing; a candidate asking an
// interviewer-only route gets that same 404.
import { guestFromRequest, type Guest } from '@/lib/auth/guest.server'
import { currentUser } from '@/lib/auth/session.server'
import type { PublicUser } from '@/lib/auth/users.server'
import { idSchema } from '@/lib/boards/schemas'
import { isCandidate } from '@/lib/interviews/invites.server'
import { isInterviewer, loadInterview } from '@/lib/interviews/interviews.server'
import type { InterviewFacts } from '@/lib/interviews/records'
import { requireUser, type Guarded } from './guards.server'
import { jsonError } from './json'

export const interviewNotFound = 'interview not found'

export function notFound(): Response {
  return jsonError(404, interviewNotFound)
}

export type InterviewerContext = { user: PublicUser; facts: InterviewFacts }

/** A signed-in interviewer of this interview (mutations also pass the Origin check). */
export async function requireInterviewer(req: Request, id: string): Promise<Guarded<InterviewerContext>> {
  const who = await requireUser(req)
  if (!who.ok) {
    // A guest cookie is an identity too: a candidate trying an interviewer route learns nothing.
    if (who.response.status === 401 && (await guestFromRequest(req))) return { ok: false, response: notFound() }
    return who
  }
  if (!idSchema.safeParse(id).success) return { ok: false, response: notFound() }
  const facts = await loadInterview(id)
  if (!facts || !(await isInterviewer(facts, who.value.id))) return { ok: false, response: notFound() }
  return { ok: true, value: { user: who.value, facts } }
}

export type ReaderContext = { role: 'interviewer'; user: PublicUser; facts: InterviewFacts } | { role: 'candidate'; guest: Guest; facts: InterviewFacts }

/** An interviewer (session) or this interview's candidate (guest cookie with a live claim). */
export async function requireReader(req: Request, id: string): Promise<Guarded<ReaderContext>> {
  const [user, guest] = await Promise.all([currentUser(), guestFromRequest(req)])
  if (!user && !guest) return { ok: false, response: jsonError(401, 'sign in or join with your invite link') }
  if (!idSchema.safeParse(id).success) return { ok: false, response: notFound() }
  const facts = await loadInterview(id)
  if (!facts) return { ok: false, response: notFound() }
  if (user && (await isInterviewer(facts, user.id))) return { ok: true, value: { role: 'interviewer', user, facts } }
  if (guest && (await isCandidate(facts.id, guest))) return { ok: true, value: { role: 'candidate', guest, facts } }
  return { ok: false, response: notFound() }
}
