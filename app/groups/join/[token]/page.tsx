// /groups/join/{token}: an invite link. Signed out: sign in first and come back. Signed in: say
// which group it opens and join on a click; revoked and unknown links get their own message.
import Link from 'next/link'
import { redirect } from 'next/navigation'
import type { ReactNode } from 'react'
import { currentUser } from '@/lib/auth/session.server'
import { groupRoleOf } from '@/lib/groups/groups.server'
import { checkInvite } from '@/lib/groups/invites.server'
import { TopBar } from '../../../_components/TopBar'
import { JoinButton } from './JoinButton'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Join a study group' }

type Props = { params: Promise<{ token: string }> }

function Notice({ title, state, children }: { title: string; state: string; children: ReactNode }) {
  return (
    <>
      <TopBar>
        <Link href="/dashboard" className="button">Your boards</Link>
      </TopBar>
      <main className="page narrow" data-testid="group-join" data-state={state}>
        <h1>{title}</h1>
        <div className="card">{children}</div>
      </main>
    </>
  )
}

export default async function JoinGroupPage({ params }: Props) {
  const { token } = await params
  const user = await currentUser()
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/groups/join/${token}`)}`)

  const invite = await checkInvite(token)
  if (!invite.ok && invite.reason === 'revoked') {
    return (
      <Notice title="This invite link no longer works" state="revoked">
        <p>The group&apos;s owner has revoked it. Ask them for a new link.</p>
      </Notice>
    )
  }
  if (!invite.ok) {
    return (
      <Notice title="This invite link is not valid" state="unknown">
        <p>Check that you copied the whole link, or ask the group&apos;s owner for a new one.</p>
      </Notice>
    )
  }
  const { group } = invite
  if (await groupRoleOf(group.id, user.id)) {
    return (
      <Notice title={`You are already in ${group.name}`} state="member">
        <p style={{ marginBottom: 16 }}>Nothing to do: the group is on your groups page.</p>
        <Link href={`/groups/${group.id}`} className="button primary" data-testid="open-group">Open the group</Link>
      </Notice>
    )
  }
  return (
    <Notice title={`Join ${group.name}?`} state="ready">
      {group.description ? <p style={{ marginBottom: 12 }}>{group.description}</p> : null}
      <p style={{ marginBottom: 16 }}>You will see the boards published to this group (read-only) and can fork them. Members see your name.</p>
      <JoinButton token={token} />
    </Notice>
  )
}
