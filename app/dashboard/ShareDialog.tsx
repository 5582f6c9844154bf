'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import type { BoardSummary } from '@/lib/boards/boards.server'
import type { ShareSummary } from '@/lib/boards/shares.server'
import { api } from './api-client'

type Created = { id: string; url: string; token: string; role: 'editor' | 'viewer' }

export function ShareDialog({ board, onClose }: { board: BoardSummary; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const [shares, setShares] = useState<ShareSummary[]>([])
  const [created, setCreated] = useState<Created>()
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<string>()

  const load = useCallback(async () => {
    const result = await api<{ shares: ShareSummary[] }>(`/api/boards/${board.id}/shares`)
    if (result.ok) setShares(result.data.shares)
    else setError(result.error)
  }, [board.id])

  useEffect(() => {
    ref.current?.showModal()
    void load()
  }, [load])

  async function create(role: 'editor' | 'viewer') {
    setError(undefined)
    setCopied(false)
    const result = await api<Created>(`/api/boards/${board.id}/shares`, { method: 'POST', body: { role } })
    if (!result.ok) return setError(result.error)
    setCreated(result.data)
    await load()
  }

  async function revoke(id: string) {
    setError(undefined)
    const result = await api(`/api/boards/${board.id}/shares/${id}`, { method: 'DELETE' })
    if (!result.ok) return setError(result.error)
    if (created?.id === id) setCreated(undefined)
    await load()
  }

  async function copy() {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.url)
      setCopied(true)
    } catch {
      setError('copy failed: select the link and copy it by hand')
    }
  }

  return (
    <dialog ref={ref} onClose={onClose} data-testid="share-dialog">
      <h2>Share “{board.title}”</h2>
      <p className="muted">Anyone with a link can open this board. Viewer links are read-only. Links last until you revoke them.</p>
      <div className="row">
        <button type="button" className="button primary" onClick={() => void create('editor')} data-testid="share-create-editor">Create editor link</button>
        <button type="button" className="button" onClick={() => void create('viewer')} data-testid="share-create-viewer">Create viewer link</button>
      </div>
      {created ? (
        <div className="row" style={{ marginTop: 14 }}>
          <input type="url" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} style={{ flex: 1, width: 'auto' }} data-testid="share-url" data-role={created.role} />
          <button type="button" className="button" onClick={() => void copy()} data-testid="share-copy">{copied ? 'Copied' : 'Copy'}</button>
        </div>
      ) : null}
      {created ? <p className="muted" style={{ fontSize: 13 }}>This link is shown once. Copy it now.</p> : null}
      {error ? <p className="error" role="alert" style={{ marginTop: 12 }} data-testid="share-error">{error}</p> : null}
      <h3 style={{ marginTop: 20 }}>Active links</h3>
      {shares.length === 0 ? <p className="muted" data-testid="share-list-empty">No active links.</p> : null}
      <ul className="share-list" data-testid="share-list">
        {shares.map((share) => (
          <li key={share.id} data-testid={`share-item-${share.id}`}>
            <span>
              <strong>{share.role}</strong> link · created {new Date(share.createdAt).toLocaleString()} by {share.createdBy.name}
            </span>
            <button type="button" className="button danger" onClick={() => void revoke(share.id)} data-testid={`share-revoke-${share.id}`}>Revoke</button>
          </li>
        ))}
      </ul>
      <div className="row" style={{ justifyContent: 'flex-end', marginTop: 20 }}>
        <button type="button" className="button" onClick={() => ref.current?.close()} data-testid="share-close">Done</button>
      </div>
    </dialog>
  )
}
