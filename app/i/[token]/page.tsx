// /i/{token}: a candidate's invite link. No account needed: they enter a name and are in, as the
// candidate of that one interview. The link is checked before the form shows (without using it),
// so a used, revoked or unknown link gets a clear page rather than a form that fails.
import Link from 'next/link'
import { cookies } from 'next/headers'
import type { ReactNode } from 'react'
import { GUEST_COOKIE, verifyGuest } from '@/lib/auth/guest.server'
import { checkInterviewInvite, inviteProblems, type InviteCheck } from '@/lib/interviews/invites.server'
import { TopBar } from '../../_components/TopBar'
import { JoinForm } from './JoinForm'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Join a mock interview', referrer: 'no-referrer' }

type Props = { params: Promise<{ token: string }> }

type Problem = Extract<InviteCheck, { ok: false }>['problem']

const PROBLEM_TITLES: Record<Problem, string> = {
  unknown: "This invite link isn't valid",
  claimed: 'This invite link has already been used',
  revoked: 'This invite link has been revoked',
  ended: 'This interview has ended',
  expired: 'This invite link has expired',
}

function Shell({ children, state }: { children: ReactNode; state: string }) {
  return (
    <>
      <TopBar />
      <main className="page narrow" data-testid="invite-page" data-state={state}>
        {children}
      </main>
    </>
  )
}

export default async function InvitePage({ params }: Props) {
  const { token } = await params
  let check: InviteCheck
  try {
    const cookie = (await cookies()).get(GUEST_COOKIE)?.value
    check = await checkInterviewInvite(token, cookie ? await verifyGuest(cookie) : null)
  } catch (error) {
    console.error('[invite page] check failed', error)
    return (
      <Shell state="error">
        <h1>This invite could not be opened</h1>
        <div className="card"><p>Something went wrong on our side. Please try again in a moment.</p></div>
      </Shell>
    )
  }
  if (!check.ok) {
    return (
      <Shell state={check.problem}>
        <h1 data-testid="invite-problem">{PROBLEM_TITLES[check.problem]}</h1>
        <div className="card">
          {check.problem === 'claimed' ? (
            <p>Each invite link lets one person in. If that was you, open the interview from the browser you joined with; otherwise ask your interviewer for a new link.</p>
          ) : (
            <p>{capitalize(inviteProblems[check.problem].error)}.</p>
          )}
        </div>
      </Shell>
    )
  }
  return (
    <Shell state="open">
      <h1>You&apos;re invited to a mock interview</h1>
      <div className="card">
        <p style={{ marginBottom: 16 }}>
          <strong>{check.interview.title}</strong>. You&apos;ll share a whiteboard with your interviewer. No account needed: enter the name they should see.
        </p>
        <JoinForm token={token} />
      </div>
      <p className="muted" style={{ marginTop: 16, fontSize: 14 }}>
        Have an account? You don&apos;t need it here. <Link href="/">About DesignRoom</Link>
      </p>
    </Shell>
  )
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
