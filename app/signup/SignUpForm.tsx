'use client'

import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const body = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }
    setBusy(true)
    setError(undefined)
    try {
      const res = await fetch('/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      if (!res.ok) {
        const data: unknown = await res.json().catch(() => null)
        const message = data && typeof data === 'object' && 'error' in data && typeof data.error === 'string' ? data.error : 'Sign-up failed.'
        setError(message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.'))
        return
      }
      const result = await signIn('credentials', { email: body.email, password: body.password, redirect: false })
      if (!result || result.error) {
        router.replace(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`)
        return
      }
      router.replace(callbackUrl)
      router.refresh()
    } catch {
      setError('Could not reach the server. Please try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <label>
        Name
        <input type="text" name="name" required maxLength={80} autoComplete="name" data-testid="signup-name" />
      </label>
      <label>
        Email
        <input type="email" name="email" required autoComplete="email" data-testid="signup-email" />
      </label>
      <label>
        Password (at least 8 characters)
        <input type="password" name="password" required minLength={8} autoComplete="new-password" data-testid="signup-password" />
      </label>
      {error ? <p className="error" role="alert" data-testid="signup-error">{error}</p> : null}
      <button type="submit" className="button primary full" disabled={busy} data-testid="signup-submit">
        {busy ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  )
}
