import Link from 'next/link'
import { redirect } from 'next/navigation'
import { enabledOAuthProviders } from '@/lib/auth/options.server'
import { currentUser } from '@/lib/auth/session.server'
import { TopBar } from '../_components/TopBar'
import { safeCallback } from '../_components/safe-callback'
import { SignInForm } from './SignInForm'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign in' }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

/** next-auth's error codes (it redirects here with ?error=) in words a person understands. */
function describeAuthError(code: string | undefined): string | undefined {
  if (!code) return undefined
  if (code === 'CredentialsSignin') return 'Wrong email or password.'
  if (code === 'AccessDenied') return 'That account could not be used to sign in (its email is not verified).'
  if (code === 'OAuthAccountNotLinked') return 'This email is already registered with another sign-in method.'
  return 'Sign-in failed. Please try again.'
}

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams
  const callbackUrl = safeCallback(query.callbackUrl)
  if (await currentUser()) redirect(callbackUrl)
  const error = describeAuthError(typeof query.error === 'string' ? query.error : undefined)
  return (
    <>
      <TopBar>
        <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="button">Sign up</Link>
      </TopBar>
      <main className="page narrow">
        <h1>Sign in</h1>
        <div className="card">
          <SignInForm callbackUrl={callbackUrl} providers={enabledOAuthProviders()} initialError={error} />
        </div>
        <p className="muted">
          New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
        </p>
      </main>
    </>
  )
}
