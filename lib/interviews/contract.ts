// The interview API's contract: request bodies (zod, checked at the route) and the two views an
// interview answers with. The candidate's view is a strict subset of the interviewer's, built by
// a separate function from a separate type, so private material (notes, all hints, follow-ups,
// rubric, scorecard) cannot reach a candidate by adding a field in one place. Pure and
// isomorphic: the routes, the pages and the tests share it. docs/api.md, "Interviews".
import { z } from 'zod'
import { templateSlugSchema, titleSchema } from '@/lib/boards/schemas'
import type { ClockState, Phase } from './clock'
import type { RubricDimension } from '@/lib/templates/spec'

export const phaseSchema = z.strictObject({
  name: z.string({ error: 'phase name must be a string' }).trim().min(1, { error: 'phase name must not be empty' }).max(60, { error: 'phase name must be at most 60 characters' }),
  minutes: z.number({ error: 'phase minutes must be a number' }).int({ error: 'phase minutes must be whole minutes' }).min(1, { error: 'a phase lasts at least 1 minute' }).max(180, { error: 'a phase lasts at most 180 minutes' }),
})

export const CUSTOM_PROMPT_MAX = 4000

/** POST /api/interviews: a template's problem (blank-start board) or a custom prompt (blank board). */
export const createInterviewSchema = z
  .strictObject(
    {
      title: titleSchema.optional(),
      template: templateSlugSchema.optional(),
      customPrompt: z.string({ error: 'customPrompt must be a string' }).trim().min(1, { error: 'customPrompt must not be empty' }).max(CUSTOM_PROMPT_MAX, { error: `customPrompt must be at most ${CUSTOM_PROMPT_MAX} characters` }).optional(),
      phases: z.array(phaseSchema, { error: 'phases must be a list' }).min(1, { error: 'an interview needs at least one phase' }).max(8, { error: 'at most 8 phases' }).optional(),
    },
    { error: 'body must be a JSON object' },
  )
  .refine((b) => (b.template === undefined) !== (b.customPrompt === undefined), { error: 'give either template or customPrompt' })

export const clockActionSchema = z.strictObject({ action: z.enum(['start', 'pause', 'resume', 'end'], { error: 'action must be start, pause, resume or end' }) }, { error: 'body must be a JSON object' })

export const NOTE_MAX = 4000
export const noteSchema = z.strictObject(
  { text: z.string({ error: 'text must be a string' }).trim().min(1, { error: 'text must not be empty' }).max(NOTE_MAX, { error: `text must be at most ${NOTE_MAX} characters` }) },
  { error: 'body must be a JSON object' },
)

export const revealHintSchema = z.strictObject({ index: z.number({ error: 'index must be a number' }).int().min(0) }, { error: 'body must be a JSON object' })

export const RECOMMENDATIONS = ['strong-no', 'no', 'yes', 'strong-yes'] as const
export type Recommendation = (typeof RECOMMENDATIONS)[number]

export const scorecardSchema = z.strictObject(
  {
    /** Per rubric dimension (by name): a score 1-4 or null, and a comment. */
    scores: z.record(
      z.string().max(120),
      z.strictObject({ score: z.number().int().min(1).max(4).nullable(), comment: z.string().max(2000) }),
      { error: 'scores must map dimensions to { score, comment }' },
    ),
    recommendation: z.enum(RECOMMENDATIONS, { error: 'recommendation must be strong-no, no, yes or strong-yes' }).nullable(),
    summary: z.string({ error: 'summary must be a string' }).max(4000),
  },
  { error: 'body must be a JSON object' },
)

export const NAME_MAX = 60
/** POST /api/interviews/join: the invite token and the name the candidate enters. */
export const joinInterviewSchema = z.strictObject(
  {
    token: z.string({ error: 'token must be a string' }).min(1, { error: 'token is required' }).max(128),
    name: z.string({ error: 'name must be a string' }).trim().min(1, { error: 'enter your name' }).max(NAME_MAX, { error: `name must be at most ${NAME_MAX} characters` }),
  },
  { error: 'body must be a JSON object' },
)

export type InterviewStatus = 'scheduled' | 'live' | 'ended'

export type PromptView = {
  title: string
  statement: string
  functional: string[]
  nonFunctional: string[]
  scale: string[]
}

export type RevealedHint = { index: number; text: string; at: number }

/** What a candidate may see. Nothing else about the interview ever reaches them. */
export type CandidateView = {
  id: string
  role: 'candidate'
  title: string
  boardId: string
  status: InterviewStatus
  prompt: PromptView
  clock: ClockState
  revealedHints: RevealedHint[]
  candidateName: string | null
  /** A read-only copy of the final board, once the interviewer has given one. */
  candidateCopyUrl: string | null
  /** The server's clock (ms) when it answered: clients correct their clock's skew with it. */
  serverNow: number
}

export type InterviewNote = { id: string; text: string; atMs: number; createdAt: string; author: string }

export type Scorecard = z.infer<typeof scorecardSchema>

export type InviteState = { status: 'none' | 'unused' | 'claimed' | 'revoked' | 'expired'; createdAt: string | null }

export type InterviewerView = Omit<CandidateView, 'role'> & {
  role: 'interviewer'
  template: string | null
  phases: Phase[]
  hints: string[]
  followUps: string[]
  rubric: RubricDimension[]
  notes: InterviewNote[]
  scorecard: Scorecard
  invite: InviteState
  createdAt: string
}

export type InterviewSummary = { id: string; title: string; status: InterviewStatus; candidateName: string | null; createdAt: string; boardId: string }

/** GET /api/interviews/{id}/replay: the board's checkpoints over the interview's time line. */
export type ReplayView = {
  startedAt: number | null
  endedAt: number | null
  /** Phase starts in wall-clock ms (pauses accounted for); null before the clock started. */
  phases: Array<{ name: string; at: number | null }>
  /** Board states in time order; `update` is a base64 Yjs update holding the whole board. */
  frames: Array<{ at: number; update: string }>
}
