// The interview summary as Markdown (GET /api/interviews/{id}/summary.md): what the interviewer
// keeps or pastes into a hiring tool. Pure: built from the interviewer's view alone.
import { elapsedMs, formatDuration } from './clock'
import type { InterviewerView } from './contract'

/** Table cells and one-line fields: pipes and line breaks would break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim()
}

function indent(text: string): string {
  return text.replace(/\r?\n/g, '\n  ')
}

const RECOMMENDATION_LABELS = { 'strong-no': 'Strong no', no: 'No', yes: 'Yes', 'strong-yes': 'Strong yes' } as const

export function summaryMarkdown(view: InterviewerView): string {
  const { clock } = view
  const lines: string[] = [`# ${cell(view.title)}`, '']
  const date = new Date(clock.startedAt ?? Date.parse(view.createdAt)).toISOString().slice(0, 10)
  lines.push(`- Candidate: ${view.candidateName ? cell(view.candidateName) : '(not joined)'}`)
  lines.push(`- Date: ${date}`)
  lines.push(`- Duration: ${formatDuration(elapsedMs(clock, view.serverNow))}`)
  lines.push(`- Status: ${view.status}`)
  if (view.template) lines.push(`- Template: ${view.template}`)
  lines.push('', '## Phases', '')
  for (const phase of view.phases) lines.push(`- ${cell(phase.name)}: ${phase.minutes} min`)

  lines.push('', '## Prompt', '', view.prompt.statement)
  const lists: Array<[string, string[]]> = [
    ['Functional requirements', view.prompt.functional],
    ['Non-functional requirements', view.prompt.nonFunctional],
    ['Scale', view.prompt.scale],
  ]
  for (const [heading, items] of lists) {
    if (items.length === 0) continue
    lines.push('', `${heading}:`, '', ...items.map((item) => `- ${item}`))
  }

  lines.push('', '## Scorecard', '')
  const dimensions = view.rubric.length > 0 ? view.rubric.map((r) => r.dimension) : Object.keys(view.scorecard.scores)
  if (dimensions.length === 0) lines.push('(no scores)')
  else {
    lines.push('| Dimension | Score | Comment |', '|---|---|---|')
    for (const dimension of dimensions) {
      const entry = view.scorecard.scores[dimension]
      lines.push(`| ${cell(dimension)} | ${entry?.score ?? '-'} | ${cell(entry?.comment ?? '')} |`)
    }
  }
  const recommendation = view.scorecard.recommendation
  lines.push('', `Recommendation: ${recommendation ? RECOMMENDATION_LABELS[recommendation] : '(none)'}`)
  if (view.scorecard.summary.trim()) lines.push('', view.scorecard.summary.trim())

  lines.push('', '## Notes', '')
  if (view.notes.length === 0) lines.push('(no notes)')
  for (const note of view.notes) lines.push(`- [${formatDuration(note.atMs)}] ${indent(note.text)} (${cell(note.author)})`)

  lines.push('', '## Hints revealed', '')
  if (view.revealedHints.length === 0) lines.push('(none)')
  for (const hint of view.revealedHints) {
    const at = clock.startedAt === null ? '' : ` at ${formatDuration(elapsedMs({ ...clock, endedAt: null }, hint.at))}`
    lines.push(`- Hint ${hint.index + 1}${at}: ${indent(hint.text)}`)
  }
  return `${lines.join('\n')}\n`
}
