'use client'
// The new-interview form: a template's problem or a custom prompt, a title, and the phases
// (name + minutes, defaults from the clock module). On success it opens the room.
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { DEFAULT_PHASES, type Phase } from '@/lib/interviews/clock'
import { CUSTOM_PROMPT_MAX, type InterviewerView } from '@/lib/interviews/contract'
import { call, rememberInvite } from './api'
import styles from './interviews.module.css'

type TemplateOption = { slug: string; title: string; topic: string }
type Row = Phase & { key: number }

let nextKey = 0
const toRows = (phases: Phase[]): Row[] => phases.map((p) => ({ ...p, key: nextKey++ }))

export function NewInterviewForm({ templates }: { templates: TemplateOption[] }) {
  const router = useRouter()
  const [source, setSource] = useState<'template' | 'custom'>(templates.length > 0 ? 'template' : 'custom')
  const [template, setTemplate] = useState(templates[0]?.slug ?? '')
  const [customPrompt, setCustomPrompt] = useState('')
  const [title, setTitle] = useState('')
  const [rows, setRows] = useState<Row[]>(() => toRows(DEFAULT_PHASES))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const totalMinutes = rows.reduce((sum, r) => sum + (Number.isFinite(r.minutes) ? r.minutes : 0), 0)
  const update = (key: number, patch: Partial<Phase>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)))

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const body = {
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(source === 'template' ? { template } : { customPrompt }),
      phases: rows.map(({ name, minutes }) => ({ name, minutes })),
    }
    const answer = await call<InterviewerView & { inviteUrl: string }>('/api/interviews', { method: 'POST', body })
    if (!answer.ok) {
      setBusy(false)
      setError(answer.status === 401 ? 'your session has ended; sign in again' : answer.error)
      return
    }
    rememberInvite(answer.data.id, answer.data.inviteUrl)
    router.push(`/interviews/${answer.data.id}`)
  }

  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} data-testid="new-interview-form">
      <div className={styles.choice} role="radiogroup" aria-label="Problem">
        <label>
          <input type="radio" name="source" checked={source === 'template'} onChange={() => setSource('template')} disabled={templates.length === 0} data-testid="source-template" />
          A template&apos;s problem
        </label>
        <label>
          <input type="radio" name="source" checked={source === 'custom'} onChange={() => setSource('custom')} data-testid="source-custom" />
          My own prompt (blank board)
        </label>
      </div>
      {source === 'template' ? (
        <label>
          Problem
          <select className={styles.select} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="interview-template">
            {templates.map((t) => (
              <option key={t.slug} value={t.slug}>{t.title} · {t.topic}</option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Prompt
          <textarea className={styles.textarea} value={customPrompt} onChange={(e) => setCustomPrompt(e.target.value)} required maxLength={CUSTOM_PROMPT_MAX} placeholder="Design a service that…" data-testid="interview-custom-prompt" />
        </label>
      )}
      <label>
        Title (optional)
        <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} placeholder="e.g. Mock interview with Sam" data-testid="interview-title" />
      </label>
      <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend className="muted" style={{ fontSize: 14, marginBottom: 6 }}>Phases</legend>
        <ol className={styles.phases} data-testid="phase-rows">
          {rows.map((row, i) => (
            <li key={row.key} className={styles.phase}>
              <input type="text" aria-label={`Phase ${i + 1} name`} value={row.name} onChange={(e) => update(row.key, { name: e.target.value })} required maxLength={60} data-testid={`phase-name-${i}`} />
              <input className={styles.minutes} type="number" aria-label={`Phase ${i + 1} minutes`} min={1} max={180} step={1} value={Number.isFinite(row.minutes) ? row.minutes : ''} onChange={(e) => update(row.key, { minutes: e.target.valueAsNumber })} required data-testid={`phase-minutes-${i}`} />
              <button type="button" className="button" onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))} disabled={rows.length <= 1} aria-label={`Remove phase ${i + 1}`} data-testid={`phase-remove-${i}`}>Remove</button>
            </li>
          ))}
        </ol>
        <div className="row" style={{ marginTop: 8, justifyContent: 'space-between' }}>
          <button type="button" className="button" onClick={() => setRows((all) => [...all, ...toRows([{ name: 'Phase', minutes: 5 }])])} disabled={rows.length >= 8} data-testid="phase-add">Add phase</button>
          <span className={styles.total}>Total {totalMinutes} min</span>
        </div>
      </fieldset>
      {error ? <p className="error" role="alert" data-testid="new-interview-error">{error}</p> : null}
      <div>
        <button type="submit" className="button primary" disabled={busy} data-testid="create-interview">{busy ? 'Creating…' : 'Create interview'}</button>
      </div>
    </form>
  )
}
