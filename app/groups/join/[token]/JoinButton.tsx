'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { api } from '../../../dashboard/api-client'

export function JoinButton({ token }: { token: string }) {
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  async function join() {
    setBusy(true)
    setError(undefined)
    const result = await api<{ id: string }>('/api/groups/join', { method: 'POST', body: { token } })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    router.push(`/groups/${result.data.id}`)
  }

  return (
    <>
      <button type="button" className="button primary full" disabled={busy} onClick={() => void join()} data-testid="join-group">Join the group</button>
      {error ? <p className="error" role="alert" style={{ marginTop: 12 }} data-testid="join-error">{error}</p> : null}
    </>
  )
}
