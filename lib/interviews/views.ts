// The two answers an interview gives, built by two separate functions from the same facts. The
// candidate's is written out field by field from public material only (the prompt, the clock,
// the hints already revealed), so nothing private can reach it by a field added elsewhere.
// Pure: tests/unit/interviews/views.test.ts checks its exact keys.
import type { TemplateSpec } from '@/lib/templates/spec'
import { status as clockStatus } from './clock'
import type { CandidateView, InterviewerView, InterviewNote, InterviewStatus, InviteState, PromptView, RevealedHint, Scorecard } from './contract'
import type { InterviewFacts } from './records'

export function interviewStatus(facts: Pick<InterviewFacts, 'clock'>): InterviewStatus {
  const s = clockStatus(facts.clock)
  return s === 'not-started' ? 'scheduled' : s === 'ended' ? 'ended' : 'live'
}

export function promptOf(facts: InterviewFacts, spec: TemplateSpec | undefined): PromptView {
  if (spec) {
    const p = spec.prompt
    return { title: spec.title, statement: p.statement, functional: [...p.functional], nonFunctional: [...p.nonFunctional], scale: [...p.scale] }
  }
  return { title: facts.title, statement: facts.customPrompt ?? '', functional: [], nonFunctional: [], scale: [] }
}

/** Hints the interviewer revealed, in the order revealed; only their texts leave the template. */
export function revealedHintsOf(facts: InterviewFacts, spec: TemplateSpec | undefined): RevealedHint[] {
  return facts.revealedHints.flatMap(({ index, at }) => {
    const text = spec?.hints[index]
    return text === undefined ? [] : [{ index, text, at }]
  })
}

export function candidateView(facts: InterviewFacts, spec: TemplateSpec | undefined, now: number): CandidateView {
  return {
    id: facts.id,
    role: 'candidate',
    title: facts.title,
    boardId: facts.boardId,
    status: interviewStatus(facts),
    prompt: promptOf(facts, spec),
    clock: facts.clock,
    revealedHints: revealedHintsOf(facts, spec),
    candidateName: facts.candidateName,
    candidateCopyUrl: facts.candidateCopyUrl,
    serverNow: now,
  }
}

export type PrivateMaterial = { notes: InterviewNote[]; scorecard: Scorecard | null; invite: InviteState }

export const EMPTY_SCORECARD: Scorecard = { scores: {}, recommendation: null, summary: '' }

export function interviewerView(facts: InterviewFacts, spec: TemplateSpec | undefined, material: PrivateMaterial, now: number): InterviewerView {
  return {
    id: facts.id,
    role: 'interviewer',
    title: facts.title,
    boardId: facts.boardId,
    status: interviewStatus(facts),
    prompt: promptOf(facts, spec),
    clock: facts.clock,
    revealedHints: revealedHintsOf(facts, spec),
    candidateName: facts.candidateName,
    candidateCopyUrl: facts.candidateCopyUrl,
    serverNow: now,
    template: facts.templateSlug,
    phases: facts.phases,
    hints: spec ? [...spec.hints] : [],
    followUps: spec ? [...spec.followUps] : [],
    rubric: spec ? spec.rubric.map((r) => ({ ...r })) : [],
    notes: material.notes,
    scorecard: material.scorecard ?? EMPTY_SCORECARD,
    invite: material.invite,
    createdAt: facts.createdAt.toISOString(),
  }
}
