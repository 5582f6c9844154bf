'use client'
// The group page's buttons. Each calls one API route and shows the server's message on failure.

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { api } from '../../dashboard/api-client'
import styles from '../groups.module.css'

export function InviteButton({ groupId }: { groupId: string }) {
  const [url, setUrl] = useState<string>()
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<string>()

  async function create() {
    setError(undefined)
    setCopied(false)
    const result = await api<{ url: string }>(`/api/groups/${groupId}/invites`, { method: 'POST' })
    if (!result.ok) return setError(result.error)
    const full = `${window.location.origin}${result.data.url}`
    setUrl(full)
    try {
      await navigator.clipboard.writeText(full)
      setCopied(true)
    } catch {
      // No clipboard permission (plain http on a LAN name): the link is shown to copy by hand.
    }
  }

  return (
    <div className="row" style={{ flex: 1, justifyContent: 'flex-end' }}>
      {url ? <input type="url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} style={{ flex: 1, width: 'auto', maxWidth: 480 }} data-testid="invite-url" /> : null}
      <button type="button" className="button primary" onClick={() => void create()} data-testid="copy-invite">{copied ? 'Copied' : 'Copy invite link'}</button>
      {error ? <p className="error" role="alert" data-testid="invite-error">{error}</p> : null}
    </div>
  )
}

export function ForkButton({ boardId }: { boardId: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  async function fork() {
    setBusy(true)
    setError(undefined)
    const result = await api<{ id: string }>(`/api/boards/${boardId}/fork`, { method: 'POST', body: {} })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    router.push(`/b/${result.data.id}`)
  }

  return (
    <>
      <button type="button" className="button" disabled={busy} onClick={() => void fork()} data-testid={`fork-board-${boardId}`}>Fork</button>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </>
  )
}

export function UnpublishButton({ groupId, boardId }: { groupId: string; boardId: string }) {
  const router = useRouter()
  const [error, setError] = useState<string>()

  async function unpublish() {
    setError(undefined)
    const result = await api(`/api/groups/${groupId}/boards/${boardId}`, { method: 'DELETE' })
    if (!result.ok) return setError(result.error)
    router.refresh()
  }

  return (
    <>
      <button type="button" className="button danger" onClick={() => void unpublish()} data-testid={`unpublish-board-${boardId}`}>Unpublish</button>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </>
  )
}

export function PublishForm({ groupId, boards }: { groupId: string; boards: Array<{ id: string; title: string }> }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  if (boards.length === 0) return <p className="muted" style={{ marginTop: 16 }}>Boards you own can be published here.</p>

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const boardId = String(new FormData(event.currentTarget).get('boardId') ?? '')
    setBusy(true)
    setError(undefined)
    const result = await api(`/api/groups/${groupId}/boards`, { method: 'POST', body: { boardId } })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    router.refresh()
  }

  return (
    <form className="row" style={{ marginTop: 16 }} onSubmit={(e) => void onSubmit(e)}>
      <select name="boardId" className={styles.select} aria-label="One of your boards" data-testid="publish-board-select">
        {boards.map((b) => (
          <option key={b.id} value={b.id}>{b.title}</option>
        ))}
      </select>
      <button type="submit" className="button" disabled={busy} data-testid="publish-board">Publish to group</button>
      {error ? <p className="error" role="alert" data-testid="publish-error">{error}</p> : null}
    </form>
  )
}
