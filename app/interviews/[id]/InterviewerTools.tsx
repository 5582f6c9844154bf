'use client'
// What only the interviewer's view has: the clock controls, the invite link, running notes
// stamped with interview time, the template's hints to reveal one at a time, and the summary.
import Link from 'next/link'
import { useEffect, useState, type FormEvent } from 'react'
import { formatDuration, status as clockStatus, type ClockAction } from '@/lib/interviews/clock'
import { NOTE_MAX, type InterviewerView } from '@/lib/interviews/contract'
import { call, recalledInvite, rememberInvite } from '../api'
import styles from './room.module.css'

type Props = { view: InterviewerView; skewMs: number; refresh: () => Promise<void> }

export function InterviewerTools({ view, refresh }: Props) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function run(path: string, method: string, body?: unknown): Promise<boolean> {
    setBusy(true)
    setError(null)
    const answer = await call(path, { method, body })
    setBusy(false)
    if (!answer.ok) setError(answer.error)
    await refresh()
    return answer.ok
  }
  const base = `/api/interviews/${encodeURIComponent(view.id)}`

  return (
    <>
      <ClockButtons view={view} busy={busy} act={(action) => void run(`${base}/clock`, 'POST', { action })} />
      {error ? <p className="error" role="alert" data-testid="interviewer-error">{error}</p> : null}
      <InviteBox view={view} setError={setError} refresh={refresh} />
      <Notes view={view} add={(text) => run(`${base}/notes`, 'POST', { text })} busy={busy} />
      <Hints view={view} reveal={(index) => void run(`${base}/hints`, 'POST', { index })} busy={busy} />
      <section className={styles.section}>
        <Link className="button full" href={`/interviews/${view.id}/summary`} data-testid="open-summary">Scorecard, notes and replay →</Link>
      </section>
    </>
  )
}

function ClockButtons({ view, busy, act }: { view: InterviewerView; busy: boolean; act: (action: ClockAction) => void }) {
  const current = clockStatus(view.clock)
  if (current === 'ended') return <p className="muted" data-testid="clock-ended">The interview has ended.</p>
  return (
    <div className="row" style={{ gap: 6 }} data-testid="clock-buttons">
      {current === 'not-started' ? <button type="button" className="button primary" disabled={busy} onClick={() => act('start')} data-testid="clock-start">Start</button> : null}
      {current === 'running' ? <button type="button" className="button" disabled={busy} onClick={() => act('pause')} data-testid="clock-pause">Pause</button> : null}
      {current === 'paused' ? <button type="button" className="button primary" disabled={busy} onClick={() => act('resume')} data-testid="clock-resume">Resume</button> : null}
      <button
        type="button"
        className="button danger"
        disabled={busy}
        onClick={() => {
          if (window.confirm('End the interview for everyone? The candidate loses access to the board.')) act('end')
        }}
        data-testid="clock-end"
      >
        End interview
      </button>
    </div>
  )
}

const INVITE_TEXT = { none: 'No invite link', unused: 'Not used yet', claimed: 'Used: the candidate has joined', revoked: 'Revoked', expired: 'Expired' } as const

function InviteBox({ view, setError, refresh }: { view: InterviewerView; setError: (e: string | null) => void; refresh: () => Promise<void> }) {
  const [link, setLink] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    const remembered = recalledInvite(view.id)
    setLink(remembered ? new URL(remembered, window.location.origin).toString() : null)
  }, [view.id])
  const ended = view.status === 'ended'
  const usable = link !== null && view.invite.status === 'unused'

  async function fresh() {
    const answer = await call<{ inviteUrl: string }>(`/api/interviews/${view.id}/invite`, { method: 'POST' })
    if (!answer.ok) return setError(answer.error)
    rememberInvite(view.id, answer.data.inviteUrl)
    setLink(new URL(answer.data.inviteUrl, window.location.origin).toString())
    await refresh()
  }
  async function revoke() {
    if (!window.confirm('Revoke the invite? A candidate who joined with it loses access at once.')) return
    const answer = await call(`/api/interviews/${view.id}/invite`, { method: 'DELETE' })
    if (!answer.ok) return setError(answer.error)
    rememberInvite(view.id, null)
    setLink(null)
    await refresh()
  }
  async function copy() {
    if (!link) return
    try {
      await navigator.clipboard.writeText(link)
      setCopied(true)
      window.setTimeout(() => setCopied(false), 1500)
    } catch {
      setError('copying was blocked by the browser; select the link and copy it')
    }
  }

  return (
    <section className={styles.section} data-testid="invite-box" data-state={view.invite.status}>
      <h3>Invite link <span className={styles.small} data-testid="invite-status">· {INVITE_TEXT[view.invite.status]}</span></h3>
      {usable ? (
        <div className={styles.inviteRow}>
          <input type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="invite-url" aria-label="Invite link" />
          <button type="button" className="button" onClick={() => void copy()} data-testid="invite-copy">{copied ? 'Copied' : 'Copy'}</button>
        </div>
      ) : view.invite.status === 'unused' ? (
        <p className={styles.small}>The link was shown when it was made. Make a new one to see it again (the old one stops working).</p>
      ) : null}
      {!ended ? (
        <div className="row" style={{ gap: 6, marginTop: 8 }}>
          <button type="button" className="button" onClick={() => void fresh()} data-testid="invite-new">New link</button>
          {view.invite.status === 'unused' || view.invite.status === 'claimed' ? (
            <button type="button" className="button danger" onClick={() => void revoke()} data-testid="invite-revoke">Revoke</button>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

function Notes({ view, add, busy }: { view: InterviewerView; add: (text: string) => Promise<boolean>; busy: boolean }) {
  const [text, setText] = useState('')
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (await add(text)) setText('')
  }
  return (
    <section className={styles.section} data-testid="notes">
      <h3>Notes <span className={styles.small}>· private</span></h3>
      <form onSubmit={(e) => void onSubmit(e)} className={styles.noteForm}>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit()
          }}
          maxLength={NOTE_MAX}
          placeholder="What you notice, as it happens (Ctrl+Enter adds)"
          className={styles.textarea}
          data-testid="note-text"
        />
        <button type="submit" className="button" disabled={busy || !text.trim()} data-testid="note-add">Add note</button>
      </form>
      {view.notes.length > 0 ? (
        <ol className={styles.notes} data-testid="note-list">
          {view.notes.map((note) => (
            <li key={note.id}>
              <span className={styles.stamp}>{formatDuration(note.atMs)}</span> {note.text}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}

function Hints({ view, reveal, busy }: { view: InterviewerView; reveal: (index: number) => void; busy: boolean }) {
  if (view.hints.length === 0) return null
  const revealed = new Set(view.revealedHints.map((h) => h.index))
  return (
    <section className={styles.section} data-testid="hints">
      <h3>Hints <span className={styles.small}>· revealed ones show to the candidate</span></h3>
      <ol className={styles.hintList}>
        {view.hints.map((hint, i) => (
          <li key={i} data-revealed={revealed.has(i) ? 'true' : undefined}>
            <span>{hint}</span>
            {revealed.has(i) ? (
              <span className={styles.small} data-testid={`hint-revealed-${i}`}>Revealed</span>
            ) : (
              <button type="button" className="button" disabled={busy || view.status === 'ended'} onClick={() => reveal(i)} data-testid={`hint-reveal-${i}`}>Reveal to candidate</button>
            )}
          </li>
        ))}
      </ol>
      {view.followUps.length > 0 ? (
        <>
          <h4>Follow-up questions</h4>
          <ul className={styles.list}>{view.followUps.map((f, i) => <li key={i}>{f}</li>)}</ul>
        </>
      ) : null}
    </section>
  )
}
