'use client'
// "Name this version": stores the board as it is now under a name (editors only).
import { useState, type FormEvent } from 'react'
import { MAX_VERSION_NAME } from '@/lib/history/contract'
import { nameVersion, type HistoryTarget } from './api'
import styles from './History.module.css'

export function NameVersionForm({ target, onNamed }: { target: HistoryTarget; onNamed(): void }) {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy || !name.trim()) return
    setBusy(true)
    setError(null)
    try {
      await nameVersion(target, name.trim())
      setName('')
      onNamed()
    } catch (cause) {
      // The server's message (too long, not allowed) is the useful one.
      setError(cause instanceof Error ? cause.message : 'could not name this version')
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <form className={styles.form} onSubmit={submit} aria-label="Name this version">
        <input
          type="text"
          placeholder="Name this version, e.g. after requirements"
          aria-label="Version name"
          value={name}
          maxLength={MAX_VERSION_NAME}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setName(e.target.value)}
          data-testid="version-name-input"
        />
        <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="version-name-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      {error && (
        <p className={styles.error} role="alert" data-testid="version-name-error">
          {error}
        </p>
      )}
    </>
  )
}
