// An interview as the server code works with it: the row's JSON text columns parsed (and
// checked: they were written by us, but a hand-edited or older row must fail loudly, not leak
// through as `any`). Pure.
import { z } from 'zod'
import type { ClockState, Phase } from './clock'

const phasesSchema = z.array(z.object({ name: z.string(), minutes: z.number() }))
const clockSchema = z.object({
  phases: phasesSchema,
  startedAt: z.number().nullable(),
  pauses: z.array(z.object({ from: z.number(), to: z.number().nullable() })),
  endedAt: z.number().nullable(),
})
const revealedSchema = z.array(z.object({ index: z.number().int().min(0), at: z.number() }))

export type Revealed = z.infer<typeof revealedSchema>

/** Everything about an interview except its private material (notes, scorecard, invites). */
export type InterviewFacts = {
  id: string
  boardId: string
  interviewerId: string
  title: string
  templateSlug: string | null
  customPrompt: string | null
  phases: Phase[]
  clock: ClockState
  revealedHints: Revealed
  candidateName: string | null
  candidateCopyUrl: string | null
  createdAt: Date
}

export type InterviewRow = {
  id: string
  boardId: string
  interviewerId: string
  title: string
  templateSlug: string | null
  customPrompt: string | null
  phases: string
  clock: string
  revealedHints: string
  candidateName: string | null
  candidateCopyBoardId: string | null
  candidateCopyShareToken: string | null
  createdAt: Date
}

export function parseClock(text: string): ClockState {
  return clockSchema.parse(JSON.parse(text))
}

/** The relative link to the candidate's read-only copy (a viewer share link on it). */
export function parseRevealed(text: string): Revealed {
  return revealedSchema.parse(JSON.parse(text))
}

export function candidateCopyUrl(boardId: string, token: string): string {
  return `/b/${encodeURIComponent(boardId)}?share=${token}`
}

export function factsOf(row: InterviewRow): InterviewFacts {
  return {
    id: row.id,
    boardId: row.boardId,
    interviewerId: row.interviewerId,
    title: row.title,
    templateSlug: row.templateSlug,
    customPrompt: row.customPrompt,
    phases: phasesSchema.parse(JSON.parse(row.phases)),
    clock: parseClock(row.clock),
    revealedHints: parseRevealed(row.revealedHints),
    candidateName: row.candidateName,
    candidateCopyUrl: row.candidateCopyBoardId && row.candidateCopyShareToken ? candidateCopyUrl(row.candidateCopyBoardId, row.candidateCopyShareToken) : null,
    createdAt: row.createdAt,
  }
}
