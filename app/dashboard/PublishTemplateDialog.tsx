'use client'
// "Publish as template": snapshots the board into the community gallery (POST /api/templates/community).

import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { BoardSummary } from '@/lib/boards/boards.server'
import { TOPICS } from '@/lib/templates/spec'
import { api } from './api-client'

export function PublishTemplateDialog({ board, onClose }: { board: BoardSummary; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const [busy, setBusy] = useState(false)
  const [published, setPublished] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    ref.current?.showModal()
  }, [])

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setBusy(true)
    setError(undefined)
    const result = await api('/api/templates/community', {
      method: 'POST',
      body: { boardId: board.id, topic: String(data.get('topic') ?? ''), summary: String(data.get('summary') ?? '') },
    })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setPublished(true)
  }

  return (
    <dialog ref={ref} onClose={onClose} data-testid="publish-template-dialog">
      <h2>Publish “{board.title}” as a template</h2>
      <p className="muted">Anyone can start a board from it. It is a copy of the board as saved now: your later edits do not change it.</p>
      {published ? (
        <p data-testid="publish-template-done">Published to the community templates.</p>
      ) : (
        <form className="stack" onSubmit={(e) => void onSubmit(e)}>
          <label>
            Topic
            <select name="topic" required defaultValue={TOPICS[0].id} data-testid="publish-template-topic" style={{ font: 'inherit', padding: '8px 10px', borderRadius: 8, border: '1px solid var(--line)' }}>
              {TOPICS.map((t) => (
                <option key={t.id} value={t.id}>{t.title}</option>
              ))}
            </select>
          </label>
          <label>
            Summary
            <input type="text" name="summary" required maxLength={500} placeholder="What this design shows, in a sentence" data-testid="publish-template-summary" />
          </label>
          <button type="submit" className="button primary" disabled={busy} data-testid="publish-template-submit">Publish</button>
        </form>
      )}
      {error ? <p className="error" role="alert" style={{ marginTop: 12 }} data-testid="publish-template-error">{error}</p> : null}
      <div className="row" style={{ justifyContent: 'flex-end', marginTop: 20 }}>
        <button type="button" className="button" onClick={() => ref.current?.close()} data-testid="publish-template-close">{published ? 'Done' : 'Cancel'}</button>
      </div>
    </dialog>
  )
}
