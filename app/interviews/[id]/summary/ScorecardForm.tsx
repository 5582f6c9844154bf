'use client'
// The scorecard from the template's rubric: per dimension a score 1-4 and a comment, an overall
// recommendation and a summary; saved with PUT /api/interviews/{id}/scorecard.
import { useState, type FormEvent } from 'react'
import { RECOMMENDATIONS, type InterviewerView, type Recommendation, type Scorecard } from '@/lib/interviews/contract'
import { call } from '../../api'
import styles from './summary.module.css'

const SCORE_TEXT = ['', 'Weak', 'Mixed', 'Good', 'Strong'] as const
const RECOMMENDATION_TEXT: Record<Recommendation, string> = { 'strong-no': 'Strong no', no: 'No', yes: 'Yes', 'strong-yes': 'Strong yes' }

export function ScorecardForm({ view }: { view: InterviewerView }) {
  // Dimensions from the rubric, plus any a saved scorecard names (a custom prompt has no rubric).
  const dimensions = [...new Set([...view.rubric.map((r) => r.dimension), ...Object.keys(view.scorecard.scores)])]
  const [card, setCard] = useState<Scorecard>(() => ({
    scores: Object.fromEntries(dimensions.map((d) => [d, view.scorecard.scores[d] ?? { score: null, comment: '' }])),
    recommendation: view.scorecard.recommendation,
    summary: view.scorecard.summary,
  }))
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved'>('idle')
  const [error, setError] = useState<string | null>(null)

  const setScore = (dimension: string, patch: Partial<Scorecard['scores'][string]>) => {
    setSaved('idle')
    setCard((c) => ({ ...c, scores: { ...c.scores, [dimension]: { score: null, comment: '', ...c.scores[dimension], ...patch } } }))
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSaved('saving')
    setError(null)
    const answer = await call(`/api/interviews/${view.id}/scorecard`, { method: 'PUT', body: card })
    if (answer.ok) setSaved('saved')
    else {
      setSaved('idle')
      setError(answer.error)
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} data-testid="scorecard">
      {dimensions.length === 0 ? <p className="muted">This problem has no rubric; use the summary below.</p> : null}
      {dimensions.map((dimension, di) => {
        const rubric = view.rubric.find((r) => r.dimension === dimension)
        const entry = card.scores[dimension]
        return (
          <fieldset key={dimension} className={styles.dimension} data-testid={`score-${di}`}>
            <legend>{dimension}</legend>
            {rubric ? (
              <p className={styles.rubricText}>
                <strong>Strong:</strong> {rubric.strong} <br />
                <strong>Weak:</strong> {rubric.weak}
              </p>
            ) : null}
            <div className={styles.scores} role="radiogroup" aria-label={`${dimension} score`}>
              {[1, 2, 3, 4].map((n) => (
                <label key={n} className={styles.scoreOption}>
                  <input type="radio" name={`score-${di}`} checked={entry?.score === n} onChange={() => setScore(dimension, { score: n })} data-testid={`score-${di}-${n}`} />
                  {n} · {SCORE_TEXT[n]}
                </label>
              ))}
            </div>
            <textarea className={styles.textarea} value={entry?.comment ?? ''} maxLength={2000} placeholder="Comment" onChange={(e) => setScore(dimension, { comment: e.target.value })} aria-label={`${dimension} comment`} />
          </fieldset>
        )
      })}
      <label>
        Recommendation
        <select
          className={styles.select}
          value={card.recommendation ?? ''}
          onChange={(e) => {
            setSaved('idle')
            const value = e.target.value
            setCard((c) => ({ ...c, recommendation: RECOMMENDATIONS.find((r) => r === value) ?? null }))
          }}
          data-testid="recommendation"
        >
          <option value="">Not decided</option>
          {RECOMMENDATIONS.map((r) => <option key={r} value={r}>{RECOMMENDATION_TEXT[r]}</option>)}
        </select>
      </label>
      <label>
        Summary
        <textarea
          className={styles.textarea}
          value={card.summary}
          maxLength={4000}
          onChange={(e) => {
            setSaved('idle')
            setCard((c) => ({ ...c, summary: e.target.value }))
          }}
          data-testid="scorecard-summary"
        />
      </label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="row">
        <button type="submit" className="button primary" disabled={saved === 'saving'} data-testid="scorecard-save">Save scorecard</button>
        <span className="muted" data-testid="scorecard-saved" data-state={saved}>{saved === 'saved' ? 'Saved' : saved === 'saving' ? 'Saving…' : ''}</span>
      </div>
    </form>
  )
}
