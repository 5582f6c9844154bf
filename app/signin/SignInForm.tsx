'use client'

import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'

type Provider = { id: 'github' | 'google'; name: string }

export function SignInForm({ callbackUrl, providers, initialError }: { callbackUrl: string; providers: Provider[]; initialError?: string }) {
  const router = useRouter()
  const [error, setError] = useState(initialError)
  const [busy, setBusy] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    setError(undefined)
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      })
      if (!result || result.error) {
        setError(
          result?.error === 'CredentialsSignin'
            ? 'Wrong email or password.'
            : result?.error === 'TooManySignIns'
              ? 'Too many failed sign-ins. Wait 15 minutes and try again.'
              : 'Sign-in failed. Please try again.',
        )
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
    <>
      <form className="stack" onSubmit={onSubmit}>
        <label>
          Email
          <input type="email" name="email" required autoComplete="email" data-testid="signin-email" />
        </label>
        <label>
          Password
          <input type="password" name="password" required autoComplete="current-password" data-testid="signin-password" />
        </label>
        {error ? <p className="error" role="alert" data-testid="signin-error">{error}</p> : null}
        <button type="submit" className="button primary full" disabled={busy} data-testid="signin-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {providers.length > 0 ? (
        <>
          <div className="divider">or</div>
          <div className="stack" style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
            {providers.map((p) => (
              <button key={p.id} type="button" className="button full" data-testid={`oauth-${p.id}`} onClick={() => void signIn(p.id, { callbackUrl })}>
                Continue with {p.name}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </>
  )
}
