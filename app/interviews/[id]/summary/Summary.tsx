'use client'
import dynamic from 'next/dynamic'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import { formatDuration } from '@/lib/interviews/clock'
import type { InterviewerView } from '@/lib/interviews/contract'
import { TopBar } from '../../../_components/TopBar'
import { call } from '../../api'
import { ScorecardForm } from './ScorecardForm'
import styles from './summary.module.css'

// tldraw touches window at import time: the replay renders in the browser only.
const Replay = dynamic(() => import('./Replay'), { ssr: false, loading: () => <p className="muted">Loading the replay…</p> })

type State = { kind: 'loading' } | { kind: 'missing'; error: string } | { kind: 'ready'; view: InterviewerView }

export default function Summary({ id }: { id: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    call<InterviewerView | { role: 'candidate' }>(`/api/interviews/${encodeURIComponent(id)}`, { signal: controller.signal })
      .then((answer) => {
        if (!answer.ok) setState({ kind: 'missing', error: answer.error })
        else if (answer.data.role !== 'interviewer') setState({ kind: 'missing', error: 'only the interviewer sees the summary' })
        else setState({ kind: 'ready', view: answer.data as InterviewerView })
      })
      .catch(() => undefined)
    return () => controller.abort()
  }, [id])

  return (
    <>
      <TopBar>
        <Link href="/interviews">Your interviews</Link>
      </TopBar>
      <main className={`page ${styles.wide}`} data-testid="summary-page" data-state={state.kind}>
        {state.kind === 'loading' ? <p className="muted">Loading…</p> : null}
        {state.kind === 'missing' ? (
          <>
            <h1>This summary isn&apos;t available</h1>
            <div className="card"><p>It may not exist, or you are not its interviewer.</p></div>
          </>
        ) : null}
        {state.kind === 'ready' ? <Loaded view={state.view} /> : null}
      </main>
    </>
  )
}

function Loaded({ view }: { view: InterviewerView }) {
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h1 data-testid="summary-title">{view.title}</h1>
        <div className="row">
          <Link className="button" href={`/interviews/${view.id}`}>Back to the room</Link>
          <a className="button" href={`/api/interviews/${view.id}/summary.md`} download={`interview-${view.id}.md`} data-testid="summary-download">Download summary (.md)</a>
        </div>
      </div>
      <p className="muted">
        {view.candidateName ? `Candidate: ${view.candidateName} · ` : ''}
        {view.status === 'ended' ? 'Ended' : view.status === 'live' ? 'In progress' : 'Not started'}
        {view.template ? ` · template ${view.template}` : ''}
      </p>

      <section className={styles.section}>
        <h2>Board replay</h2>
        <Replay interviewId={view.id} title={view.title} boardId={view.boardId} />
        <CandidateCopy view={view} />
      </section>

      <div className={styles.columns}>
        <section className={styles.section}>
          <h2>Scorecard</h2>
          <ScorecardForm view={view} />
        </section>
        <section className={styles.section}>
          <h2>Notes</h2>
          {view.notes.length === 0 ? (
            <p className="muted">No notes were taken.</p>
          ) : (
            <ol className={styles.notes} data-testid="summary-notes">
              {view.notes.map((note) => (
                <li key={note.id}>
                  <span className={styles.stamp}>{formatDuration(note.atMs)}</span> {note.text}
                </li>
              ))}
            </ol>
          )}
          {view.revealedHints.length > 0 ? (
            <>
              <h3 style={{ marginTop: 20 }}>Hints revealed</h3>
              <ul>{view.revealedHints.map((h) => <li key={h.index}>{h.text}</li>)}</ul>
            </>
          ) : null}
        </section>
      </div>
    </>
  )
}

function CandidateCopy({ view }: { view: InterviewerView }) {
  const [url, setUrl] = useState<string | null>(view.candidateCopyUrl)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function give() {
    setBusy(true)
    setError(null)
    const answer = await call<{ url: string }>(`/api/interviews/${view.id}/candidate-copy`, { method: 'POST' })
    setBusy(false)
    if (answer.ok) setUrl(answer.data.url)
    else setError(answer.error)
  }
  const absolute = url && typeof window !== 'undefined' ? new URL(url, window.location.origin).toString() : url
  return (
    <div className={styles.copy} data-testid="candidate-copy">
      {absolute ? (
        <p>
          The candidate&apos;s read-only copy (they see it on their interview page): <a href={absolute} data-testid="candidate-copy-url">{absolute}</a>
        </p>
      ) : (
        <button type="button" className="button" disabled={busy || view.status !== 'ended'} onClick={() => void give()} title={view.status !== 'ended' ? 'Available once the interview has ended' : undefined} data-testid="candidate-copy-give">
          Give the candidate a read-only copy
        </button>
      )}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  )
}
