import { describe, expect, it } from 'vitest'
import { apply, DEFAULT_PHASES, newClock } from '@/lib/interviews/clock'
import type { InterviewNote, Scorecard } from '@/lib/interviews/contract'
import type { InterviewFacts } from '@/lib/interviews/records'
import { findTemplate } from '@/lib/templates/catalog'
import { candidateView, interviewerView } from '@/lib/interviews/views'

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0)
const spec = findTemplate('url-shortener')!

function facts(overrides: Partial<InterviewFacts> = {}): InterviewFacts {
  return {
    id: 'iv1',
    boardId: 'b1',
    interviewerId: 'u1',
    title: 'Mock: URL shortener',
    templateSlug: spec.slug,
    customPrompt: null,
    phases: DEFAULT_PHASES,
    clock: apply(newClock(DEFAULT_PHASES), 'start', T0),
    revealedHints: [{ index: 1, at: T0 + 60_000 }],
    candidateName: 'Ada',
    candidateCopyUrl: null,
    createdAt: new Date(T0 - 1000),
    ...overrides,
  }
}

const CANARY = 'canary-7d1f0b'
const notes: InterviewNote[] = [{ id: 'n1', text: `weak on caching ${CANARY}`, atMs: 61_000, createdAt: new Date(T0).toISOString(), author: 'Grace' }]
const scorecard: Scorecard = { scores: { [spec.rubric[0]!.dimension]: { score: 3, comment: CANARY } }, recommendation: 'yes', summary: CANARY }

describe('interview views', () => {
  it('the candidate view has exactly the CandidateView keys', () => {
    const view = candidateView(facts(), spec, T0 + 5_000)
    expect(Object.keys(view).sort()).toEqual(
      ['boardId', 'candidateCopyUrl', 'candidateName', 'clock', 'id', 'prompt', 'revealedHints', 'role', 'serverNow', 'status', 'title'].sort(),
    )
    expect(Object.keys(view.prompt).sort()).toEqual(['functional', 'nonFunctional', 'scale', 'statement', 'title'])
    expect(view).toMatchObject({ role: 'candidate', status: 'live', serverNow: T0 + 5_000 })
  })

  it('the candidate sees only revealed hints, and no follow-up, rubric text or private material', () => {
    const view = candidateView(facts(), spec, T0)
    expect(view.revealedHints).toEqual([{ index: 1, text: spec.hints[1], at: T0 + 60_000 }])
    const text = JSON.stringify(view)
    for (const [i, hint] of spec.hints.entries()) if (i !== 1) expect(text).not.toContain(hint)
    for (const followUp of spec.followUps) expect(text).not.toContain(followUp)
    for (const r of spec.rubric) {
      expect(text).not.toContain(r.strong)
      expect(text).not.toContain(r.weak)
    }
  })

  it('the interviewer view adds hints, follow-ups, rubric, notes, scorecard and invite state', () => {
    const view = interviewerView(facts(), spec, { notes, scorecard, invite: { status: 'claimed', createdAt: new Date(T0).toISOString() } }, T0)
    expect(view).toMatchObject({ role: 'interviewer', template: spec.slug, hints: spec.hints, followUps: spec.followUps, rubric: spec.rubric, notes, scorecard })
    const candidate = candidateView(facts(), spec, T0)
    for (const key of Object.keys(candidate)) if (key !== 'role') expect(view).toHaveProperty(key)
    expect(JSON.stringify(candidate)).not.toContain(CANARY)
  })

  it('a custom prompt is the statement, with no hints or rubric, and an empty scorecard by default', () => {
    const custom = facts({ templateSlug: null, customPrompt: 'Design a parking lot', revealedHints: [] })
    expect(candidateView(custom, undefined, T0).prompt).toEqual({ title: custom.title, statement: 'Design a parking lot', functional: [], nonFunctional: [], scale: [] })
    const view = interviewerView(custom, undefined, { notes: [], scorecard: null, invite: { status: 'none', createdAt: null } }, T0)
    expect(view).toMatchObject({ hints: [], followUps: [], rubric: [], scorecard: { scores: {}, recommendation: null, summary: '' } })
  })

  it('status follows the clock: scheduled, live, ended', () => {
    expect(candidateView(facts({ clock: newClock(DEFAULT_PHASES) }), spec, T0).status).toBe('scheduled')
    expect(candidateView(facts({ clock: apply(facts().clock, 'end', T0 + 1) }), spec, T0).status).toBe('ended')
  })
})
