import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { TopBar } from '../_components/TopBar'
import { safeCallback } from '../_components/safe-callback'
import { SignUpForm } from './SignUpForm'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign up' }

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function SignUpPage({ searchParams }: Props) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl)
  if (await currentUser()) redirect(callbackUrl)
  return (
    <>
      <TopBar>
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="button">Sign in</Link>
      </TopBar>
      <main className="page narrow">
        <h1>Create your account</h1>
        <div className="card">
          <SignUpForm callbackUrl={callbackUrl} />
        </div>
        <p className="muted">
          Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
        </p>
      </main>
    </>
  )
}
