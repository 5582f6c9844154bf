'use client'

import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { api } from '../dashboard/api-client'
import styles from './groups.module.css'

export function CreateGroupForm() {
  const router = useRouter()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const name = String(data.get('name') ?? '')
    const description = String(data.get('description') ?? '')
    setBusy(true)
    setError(undefined)
    const result = await api<{ id: string }>('/api/groups', { method: 'POST', body: { name, ...(description.trim() ? { description } : {}) } })
    setBusy(false)
    if (!result.ok) return setError(result.error)
    router.push(`/groups/${result.data.id}`)
  }

  return (
    <>
      <form className={`row ${styles.createForm}`} onSubmit={(e) => void onSubmit(e)}>
        <input type="text" name="name" placeholder="Group name, e.g. Tuesday mock interviews" required maxLength={80} style={{ flex: 2, width: 'auto' }} data-testid="new-group-name" />
        <input type="text" name="description" placeholder="What it is for (optional)" maxLength={500} style={{ flex: 3, width: 'auto' }} data-testid="new-group-description" />
        <button type="submit" className="button primary" disabled={busy} data-testid="create-group">Create group</button>
      </form>
      {error ? <p className="error" role="alert" style={{ marginTop: 12 }} data-testid="group-error">{error}</p> : null}
    </>
  )
}
