'use client'
// "Start a board from this": creates a board the user owns from a template and opens it. Signed
// out, it goes to sign-in and comes back to the gallery.
import { useRouter } from 'next/navigation'
import { useState } from 'react'

type Source = { template: string } | { communityTemplate: string }

export function StartButtons({ source, blank = true, title }: { source: Source; blank?: boolean; title: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function start(variant: 'reference' | 'blank') {
    setBusy(true)
    setError(null)
    try {
      const body = 'template' in source && variant === 'blank' ? { ...source, variant } : source
      const res = await fetch('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (res.status === 401) return router.push(`/signin?callbackUrl=${encodeURIComponent('/templates')}`)
      const data: unknown = await res.json().catch(() => null)
      const id = data && typeof data === 'object' && 'id' in data && typeof data.id === 'string' ? data.id : null
      if (!res.ok || !id) {
        const message = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : `request failed (${res.status})`
        setError(message)
        return
      }
      router.push(`/b/${id}`)
    } catch {
      setError('could not reach the server')
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
      <button className="button primary" disabled={busy} onClick={() => void start('reference')} aria-label={`Start a board from ${title}`}>
        Start from this
      </button>
      {blank && (
        <button className="button" disabled={busy} onClick={() => void start('blank')} aria-label={`Start a blank interview board for ${title}`}>
          Blank start
        </button>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  )
}
