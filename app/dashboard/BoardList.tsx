'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import type { BoardSummary } from '@/lib/boards/boards.server'
import { api } from './api-client'
import { PublishTemplateDialog } from './PublishTemplateDialog'
import { ShareDialog } from './ShareDialog'

export function BoardList({ boards }: { boards: BoardSummary[] }) {
  const router = useRouter()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [renaming, setRenaming] = useState<string>()
  const [confirming, setConfirming] = useState<string>()
  const [sharing, setSharing] = useState<BoardSummary>()
  const [publishing, setPublishing] = useState<BoardSummary>()

  async function run(action: () => Promise<{ ok: boolean; error?: string }>) {
    setBusy(true)
    setError(undefined)
    const result = await action()
    setBusy(false)
    if (!result.ok) setError(result.error)
    else router.refresh()
    return result.ok
  }

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const title = String(new FormData(form).get('title') ?? '')
    if (await run(() => api('/api/boards', { method: 'POST', body: { title } }))) form.reset()
  }

  async function onRename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault()
    const title = String(new FormData(event.currentTarget).get('title') ?? '')
    if (await run(() => api(`/api/boards/${id}`, { method: 'PATCH', body: { title } }))) setRenaming(undefined)
  }

  async function onDelete(id: string) {
    if (await run(() => api(`/api/boards/${id}`, { method: 'DELETE' }))) setConfirming(undefined)
  }

  return (
    <>
      <form className="row" onSubmit={onCreate}>
        <input type="text" name="title" placeholder="New board title, e.g. URL shortener" required maxLength={120} style={{ flex: 1, width: 'auto' }} data-testid="new-board-title" />
        <button type="submit" className="button primary" disabled={busy} data-testid="create-board">Create board</button>
      </form>
      {error ? <p className="error" role="alert" style={{ marginTop: 12 }} data-testid="dashboard-error">{error}</p> : null}

      {boards.length === 0 ? (
        <div className="card empty" style={{ marginTop: 24 }} data-testid="board-list-empty">No boards yet. Create one above.</div>
      ) : (
        <ul className="board-list" data-testid="board-list">
          {boards.map((board) => (
            <li key={board.id} className="card board-item" data-testid={`board-item-${board.id}`}>
              {renaming === board.id ? (
                <form className="row" style={{ flex: 1 }} onSubmit={(e) => void onRename(e, board.id)}>
                  <input type="text" name="title" defaultValue={board.title} required maxLength={120} autoFocus style={{ flex: 1, width: 'auto' }} data-testid={`rename-input-${board.id}`} />
                  <button type="submit" className="button primary" disabled={busy} data-testid={`rename-save-${board.id}`}>Save</button>
                  <button type="button" className="button" onClick={() => setRenaming(undefined)}>Cancel</button>
                </form>
              ) : (
                <>
                  <Link href={`/b/${board.id}`} className="title" data-testid={`board-link-${board.id}`}>{board.title}</Link>
                  <span className={`role ${board.role}`} data-testid={`board-role-${board.id}`}>{board.role}</span>
                  {confirming === board.id ? (
                    <>
                      <span className="muted">Delete for everyone?</span>
                      <button type="button" className="button danger solid" disabled={busy} onClick={() => void onDelete(board.id)} data-testid={`confirm-delete-${board.id}`}>Delete</button>
                      <button type="button" className="button" onClick={() => setConfirming(undefined)} data-testid={`cancel-delete-${board.id}`}>Cancel</button>
                    </>
                  ) : (
                    <>
                      {board.role !== 'viewer' ? (
                        <button type="button" className="button" onClick={() => setRenaming(board.id)} data-testid={`rename-board-${board.id}`}>Rename</button>
                      ) : null}
                      {board.role === 'owner' ? (
                        <>
                          <button type="button" className="button" onClick={() => setSharing(board)} data-testid={`share-board-${board.id}`}>Share</button>
                          <button type="button" className="button" onClick={() => setPublishing(board)} data-testid={`publish-template-${board.id}`}>Publish as template</button>
                          <button type="button" className="button danger" onClick={() => setConfirming(board.id)} data-testid={`delete-board-${board.id}`}>Delete</button>
                        </>
                      ) : null}
                    </>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {sharing ? <ShareDialog board={sharing} onClose={() => setSharing(undefined)} /> : null}
      {publishing ? <PublishTemplateDialog board={publishing} onClose={() => setPublishing(undefined)} /> : null}
    </>
  )
}
