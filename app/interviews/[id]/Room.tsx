'use client'
// The room: the board (app/b/[id]/Board.tsx) with the interview panel beside it. Renders by the
// role the API answered with; the candidate's copy of the view has no private fields at all.
import Link from 'next/link'
import type { ReactNode } from 'react'
import BoardClient from '../../b/[id]/BoardClient'
import { TopBar } from '../../_components/TopBar'
import { InterviewerTools } from './InterviewerTools'
import { PromptPanel } from './PromptPanel'
import { Timer } from './Timer'
import { useInterview, type InterviewView } from './use-interview'
import styles from './room.module.css'

function Notice({ title, state, children }: { title: string; state: string; children: ReactNode }) {
  return (
    <>
      <TopBar />
      <main className="page narrow" data-testid="interview-notice" data-state={state}>
        <h1>{title}</h1>
        <div className="card">{children}</div>
      </main>
    </>
  )
}

export default function Room({ id }: { id: string }) {
  const { state, refresh } = useInterview(id)

  if (state.kind === 'loading') {
    return <p className="page muted" data-testid="interview-loading">Loading the interview…</p>
  }
  if (state.kind === 'missing') {
    return (
      <Notice title="This interview isn't available" state={String(state.status)}>
        <p>It may not exist, you may not be its interviewer, or your invite was revoked. Candidates join through the invite link their interviewer sent.</p>
        <p className="row" style={{ marginTop: 16 }}>
          <Link className="button primary" href={`/signin?callbackUrl=${encodeURIComponent(`/interviews/${id}`)}`}>Sign in</Link>
          <Link className="button" href="/interviews">Your interviews</Link>
        </p>
      </Notice>
    )
  }

  const { view, skewMs, stale } = state
  if (view.role === 'candidate' && view.status === 'ended') {
    return (
      <Notice title="The interview has ended" state="ended">
        <p>Thank you, {view.candidateName ?? 'and well done'}. Your interviewer will be in touch.</p>
        {view.candidateCopyUrl ? (
          <p style={{ marginTop: 16 }}>
            <a className="button primary" href={view.candidateCopyUrl} data-testid="candidate-copy-link">Open a read-only copy of the board</a>
          </p>
        ) : null}
      </Notice>
    )
  }

  return (
    <BoardClient
      boardId={view.boardId}
      title={view.title}
      memberRole={view.role === 'interviewer' ? 'owner' : 'editor'}
      history={view.role === 'interviewer'}
      aside={<Panel view={view} skewMs={skewMs} stale={stale} refresh={refresh} />}
    />
  )
}

function Panel({ view, skewMs, stale, refresh }: { view: InterviewView; skewMs: number; stale: boolean; refresh: () => Promise<void> }) {
  return (
    <aside className={styles.panel} data-testid="interview-panel" data-role={view.role}>
      <div className={styles.roleLine}>
        <span className={styles.roleBadge} data-testid="interview-role">{view.role === 'interviewer' ? 'Interviewer' : 'Candidate'}</span>
        {view.candidateName ? <span className="muted">Candidate: {view.candidateName}</span> : null}
        {stale ? <span className={styles.stale} title="Reconnecting to the server">reconnecting…</span> : null}
      </div>
      <Timer clock={view.clock} skewMs={skewMs} />
      {view.role === 'interviewer' ? <InterviewerTools view={view} skewMs={skewMs} refresh={refresh} /> : null}
      <PromptPanel prompt={view.prompt} />
      {view.revealedHints.length > 0 ? (
        <section className={styles.section} data-testid="revealed-hints">
          <h3>Hints</h3>
          <ul className={styles.list}>
            {view.revealedHints.map((hint) => (
              <li key={hint.index} data-testid={`revealed-hint-${hint.index}`}>{hint.text}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  )
}
