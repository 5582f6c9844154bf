// Interviews: the board, the clock, the interviewer's private material. Callers have checked
// who is asking (lib/http/interview-guard.server.ts); views are built in views.ts.
import type { z } from 'zod'
import { db } from '@/lib/db.server'
import { createBoard } from '@/lib/boards/boards.server'
import { readBoardDocument } from '@/lib/boards/board-document.server'
import { createShare } from '@/lib/boards/shares.server'
import { findTemplate, templateDocument } from '@/lib/templates/catalog'
import type { TemplateSpec } from '@/lib/templates/spec'
import type { PublicUser } from '@/lib/auth/users.server'
import { publishControl } from '@/lib/rooms/tier.server'
import { apply, DEFAULT_PHASES, elapsedMs, newClock, status, type ClockAction } from './clock'
import type { InterviewerView, InterviewNote, InterviewSummary, Scorecard } from './contract'
import { createInterviewInvite, inviteState } from './invites.server'
import { factsOf, parseClock, parseRevealed, type InterviewFacts } from './records'
import { interviewerView, interviewStatus } from './views'
import { scorecardSchema, type createInterviewSchema } from './contract'

export type CreateInterviewInput = z.output<typeof createInterviewSchema>

export function specOf(facts: Pick<InterviewFacts, 'templateSlug'>): TemplateSpec | undefined {
  return facts.templateSlug ? findTemplate(facts.templateSlug) : undefined
}

export async function loadInterview(id: string): Promise<InterviewFacts | null> {
  const client = await db()
  const row = await client.interview.findUnique({ where: { id } })
  return row ? factsOf(row) : null
}

/** Interviewers: the board's owner and editors (a panel shares the board with each other). */
export async function isInterviewer(facts: InterviewFacts, userId: string): Promise<boolean> {
  if (facts.interviewerId === userId) return true
  const client = await db()
  const member = await client.boardMember.findUnique({ where: { boardId_userId: { boardId: facts.boardId, userId } }, select: { role: true } })
  return member?.role === 'owner' || member?.role === 'editor'
}

export async function interviewerViewOf(facts: InterviewFacts, now = Date.now()): Promise<InterviewerView> {
  const client = await db()
  const [notes, scorecard, invite] = await Promise.all([
    client.interviewNote.findMany({ where: { interviewId: facts.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { author: { select: { name: true } } } }),
    client.interviewScorecard.findUnique({ where: { interviewId: facts.id } }),
    inviteState(facts.id, status(facts.clock) === 'ended', now),
  ])
  return interviewerView(
    facts,
    specOf(facts),
    { notes: notes.map(noteOf), scorecard: scorecard ? scorecardSchema.parse(JSON.parse(scorecard.data)) : null, invite },
    now,
  )
}

function noteOf(row: { id: string; text: string; atMs: number; createdAt: Date; author: { name: string } }): InterviewNote {
  return { id: row.id, text: row.text, atMs: row.atMs, createdAt: row.createdAt.toISOString(), author: row.author.name }
}

export type CreateOutcome = { ok: true; view: InterviewerView; inviteToken: string } | { ok: false; error: string }

export async function createInterview(user: PublicUser, input: CreateInterviewInput): Promise<CreateOutcome> {
  const spec = input.template !== undefined ? findTemplate(input.template) : undefined
  if (input.template !== undefined && !spec) return { ok: false, error: `unknown template "${input.template}"` }
  const title = input.title ?? (spec ? spec.title : 'Interview')
  const phases = input.phases ?? DEFAULT_PHASES
  // The board holds only public material: the template's blank start (its prompt and a parts
  // tray), or nothing for a custom prompt. Hints, follow-ups and rubric stay on the server.
  const board = await createBoard(user.id, title, spec ? templateDocument(spec, 'blank') : undefined)
  const client = await db()
  const row = await client.interview.create({
    data: {
      boardId: board.id,
      interviewerId: user.id,
      title,
      templateSlug: spec ? spec.slug : null,
      customPrompt: spec ? null : (input.customPrompt ?? null),
      phases: JSON.stringify(phases),
      clock: JSON.stringify(newClock(phases)),
    },
  })
  const inviteToken = await createInterviewInvite(row.id)
  return { ok: true, view: await interviewerViewOf(factsOf(row)), inviteToken }
}

export async function listInterviews(userId: string): Promise<InterviewSummary[]> {
  const client = await db()
  const rows = await client.interview.findMany({ where: { interviewerId: userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
  return rows.map((row) => {
    const facts = factsOf(row)
    return { id: facts.id, title: facts.title, status: interviewStatus(facts), candidateName: facts.candidateName, createdAt: facts.createdAt.toISOString(), boardId: facts.boardId }
  })
}

export type ClockOutcome = { ok: true; facts: InterviewFacts } | { ok: false; status: 409; error: string }

/**
 * Applies a clock action as a compare-and-set on the stored clock, so two interviewers pressing
 * pause at once cannot both succeed. Throws ClockError (the route answers 409) for a misuse.
 */
export async function changeClock(facts: InterviewFacts, action: ClockAction, now = Date.now()): Promise<ClockOutcome> {
  const client = await db()
  // Compare against the stored text itself, not a re-serialization of the parsed value.
  const stored = await client.interview.findUnique({ where: { id: facts.id }, select: { clock: true } })
  if (!stored) return { ok: false, status: 409, error: 'the interview changed meanwhile; reload and try again' }
  const next = apply(parseClock(stored.clock), action, now)
  const { count } = await client.interview.updateMany({ where: { id: facts.id, clock: stored.clock }, data: { clock: JSON.stringify(next) } })
  if (count !== 1) return { ok: false, status: 409, error: 'the clock changed meanwhile; reload and try again' }
  // Ending closes the candidate's socket: the node makes every socket look its access up again,
  // and the candidate's lookup now answers 404.
  if (action === 'end') await publishControl({ type: 'access-changed', boardId: facts.boardId, at: now })
  return { ok: true, facts: { ...facts, clock: next } }
}

export async function addNote(facts: InterviewFacts, authorId: string, text: string, now = Date.now()): Promise<InterviewNote> {
  const client = await db()
  const row = await client.interviewNote.create({
    data: { interviewId: facts.id, authorId, text, atMs: Math.round(elapsedMs(facts.clock, now)) },
    include: { author: { select: { name: true } } },
  })
  return noteOf(row)
}

export type HintOutcome = { ok: true; facts: InterviewFacts } | { ok: false; status: 404 | 409; error: string }

/** Reveals hint `index` of the template to the candidate; revealing one twice changes nothing. */
export async function revealHint(facts: InterviewFacts, index: number, now = Date.now()): Promise<HintOutcome> {
  const spec = specOf(facts)
  if (!spec || spec.hints[index] === undefined) return { ok: false, status: 404, error: 'no such hint' }
  if (facts.revealedHints.some((h) => h.index === index)) return { ok: true, facts }
  if (status(facts.clock) === 'ended') return { ok: false, status: 409, error: 'the interview has ended' }
  const client = await db()
  const stored = await client.interview.findUnique({ where: { id: facts.id }, select: { revealedHints: true } })
  if (!stored) return { ok: false, status: 404, error: 'interview not found' }
  const current = parseRevealed(stored.revealedHints)
  if (current.some((h) => h.index === index)) return { ok: true, facts: { ...facts, revealedHints: current } }
  const next = [...current, { index, at: now }]
  const { count } = await client.interview.updateMany({ where: { id: facts.id, revealedHints: stored.revealedHints }, data: { revealedHints: JSON.stringify(next) } })
  if (count !== 1) return { ok: false, status: 409, error: 'the hints changed meanwhile; reload and try again' }
  return { ok: true, facts: { ...facts, revealedHints: next } }
}

export type ScorecardOutcome = { ok: true; scorecard: Scorecard } | { ok: false; error: string }

/** Saves the scorecard; a template's interview scores only its rubric's dimensions. */
export async function saveScorecard(facts: InterviewFacts, scorecard: Scorecard): Promise<ScorecardOutcome> {
  const spec = specOf(facts)
  if (spec) {
    const known = new Set(spec.rubric.map((r) => r.dimension))
    const unknown = Object.keys(scorecard.scores).find((d) => !known.has(d))
    if (unknown !== undefined) return { ok: false, error: `unknown dimension "${unknown}"; the rubric has: ${[...known].join(', ')}` }
  }
  const client = await db()
  const data = JSON.stringify(scorecard)
  await client.interviewScorecard.upsert({ where: { interviewId: facts.id }, create: { interviewId: facts.id, data }, update: { data } })
  return { ok: true, scorecard }
}

export type CopyOutcome = { ok: true; created: boolean; boardId: string; url: string } | { ok: false; status: 404 | 409; error: string }

/**
 * Gives the candidate a read-only copy of the final board: a fork owned by the interviewer with a
 * viewer share link, shown in the candidate's view from then on. Only after the end, once.
 */
export async function giveCandidateCopy(facts: InterviewFacts, user: PublicUser): Promise<CopyOutcome> {
  if (status(facts.clock) !== 'ended') return { ok: false, status: 409, error: 'the interview has not ended yet' }
  if (facts.candidateCopyUrl) {
    const client = await db()
    const row = await client.interview.findUnique({ where: { id: facts.id }, select: { candidateCopyBoardId: true } })
    if (row?.candidateCopyBoardId) return { ok: true, created: false, boardId: row.candidateCopyBoardId, url: facts.candidateCopyUrl }
  }
  const document = await readBoardDocument(facts.boardId)
  if (!document) return { ok: false, status: 404, error: 'interview not found' }
  const board = await createBoard(user.id, `${facts.title} (candidate copy)`.slice(0, 120), document)
  const share = await createShare(board.id, user.id, 'viewer')
  const client = await db()
  const row = await client.interview.update({ where: { id: facts.id }, data: { candidateCopyBoardId: board.id, candidateCopyShareToken: share.token } })
  const url = factsOf(row).candidateCopyUrl ?? ''
  return { ok: true, created: true, boardId: board.id, url }
}
