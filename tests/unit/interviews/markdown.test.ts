import { describe, expect, it } from 'vitest'
import { apply, newClock } from '@/lib/interviews/clock'
import type { InterviewerView } from '@/lib/interviews/contract'
import { summaryMarkdown } from '@/lib/interviews/markdown'

const MIN = 60_000
const T0 = Date.UTC(2026, 10, 29, 9, 0, 0)
const phases = [
  { name: 'Requirements', minutes: 5 },
  { name: 'Design', minutes: 30 },
]

function view(overrides: Partial<InterviewerView> = {}): InterviewerView {
  let clock = apply(newClock(phases), 'start', T0)
  clock = apply(clock, 'pause', T0 + 10 * MIN)
  clock = apply(clock, 'resume', T0 + 12 * MIN)
  clock = apply(clock, 'end', T0 + 42 * MIN + 5_000)
  return {
    id: 'iv1',
    role: 'interviewer',
    title: 'Mock | URL shortener',
    boardId: 'b1',
    status: 'ended',
    prompt: { title: 'URL shortener', statement: 'Design a URL shortener.', functional: ['Shorten a URL'], nonFunctional: [], scale: ['100 M URLs a month'] },
    clock,
    revealedHints: [{ index: 1, text: 'Think about base62.', at: T0 + 13 * MIN }],
    candidateName: 'Ada',
    candidateCopyUrl: null,
    serverNow: T0 + 60 * MIN,
    template: 'url-shortener',
    phases,
    hints: ['Unrevealed hint text', 'Think about base62.'],
    followUps: ['A follow-up question'],
    rubric: [
      { dimension: 'Requirements', strong: 's', weak: 'w' },
      { dimension: 'Scaling', strong: 's', weak: 'w' },
    ],
    notes: [
      { id: 'n1', text: 'asked about\nread/write ratio', atMs: 65_000, createdAt: new Date(T0).toISOString(), author: 'Grace' },
      { id: 'n2', text: 'good | clear', atMs: 40 * MIN + 1_999, createdAt: new Date(T0).toISOString(), author: 'Grace' },
    ],
    scorecard: { scores: { Requirements: { score: 3, comment: 'clear | concise' } }, recommendation: 'strong-yes', summary: 'Hire.' },
    invite: { status: 'expired', createdAt: null },
    createdAt: new Date(T0 - MIN).toISOString(),
    ...overrides,
  }
}

describe('interview summary markdown', () => {
  it('has the title, candidate, date and duration without pauses', () => {
    const md = summaryMarkdown(view())
    expect(md.startsWith('# Mock \\| URL shortener\n')).toBe(true)
    expect(md).toContain('- Candidate: Ada')
    expect(md).toContain('- Date: 2026-11-29')
    expect(md).toContain('- Duration: 40:05')
    expect(md).toContain('- Requirements: 5 min\n- Design: 30 min')
  })

  it('lists the prompt, a scorecard table over every rubric dimension and the recommendation', () => {
    const md = summaryMarkdown(view())
    expect(md).toContain('Design a URL shortener.')
    expect(md).toContain('- Shorten a URL')
    expect(md).toContain('| Dimension | Score | Comment |')
    expect(md).toContain('| Requirements | 3 | clear \\| concise |')
    expect(md).toContain('| Scaling | - |  |')
    expect(md).toContain('Recommendation: Strong yes')
    expect(md).toContain('Hire.')
  })

  it('stamps notes with the interview clock (m:ss) and lists revealed hints only', () => {
    const md = summaryMarkdown(view())
    expect(md).toContain('- [1:05] asked about\n  read/write ratio (Grace)')
    expect(md).toContain('- [40:01] good | clear (Grace)')
    expect(md).toContain('- Hint 2 at 11:00: Think about base62.')
    expect(md).not.toContain('Unrevealed hint text')
    expect(md).not.toContain('A follow-up question')
  })

  it('says so when nothing was written', () => {
    const md = summaryMarkdown(view({ notes: [], revealedHints: [], rubric: [], scorecard: { scores: {}, recommendation: null, summary: '' }, candidateName: null }))
    expect(md).toContain('- Candidate: (not joined)')
    expect(md).toContain('(no scores)')
    expect(md).toContain('Recommendation: (none)')
    expect(md).toContain('(no notes)')
  })
})
