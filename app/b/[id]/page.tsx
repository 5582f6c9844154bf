// /b/{id}: the board page. The server checks access first, so a person without it gets a clear
// page (sign in, no access, revoked link) instead of a canvas that fails to connect; the browser
// then asks /api/rooms/{id} for the sync node and token on every (re)connect.
import Link from 'next/link'
import type { ReactNode } from 'react'
import { currentUser } from '@/lib/auth/session.server'
import { joinViaShare, resolveBoardAccess, type BoardAccess } from '@/lib/boards/access.server'
import { idSchema } from '@/lib/boards/schemas'
import { TopBar } from '../../_components/TopBar'
import BoardClient from './BoardClient'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Board' }

type Props = {
  params: Promise<{ id: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

function Notice({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <>
      <TopBar>
        <Link href="/dashboard" className="button">Your boards</Link>
      </TopBar>
      <main className="page narrow" data-testid="board-access" data-state={testId}>
        <h1>{title}</h1>
        <div className="card">{children}</div>
      </main>
    </>
  )
}

function denied(access: Extract<BoardAccess, { ok: false }>, callbackUrl: string, signedIn: boolean) {
  if (access.status === 401) {
    return (
      <Notice title="Sign in to open this board" testId="signin">
        <p>This board is private. Sign in with an account that has access, or open it through a share link.</p>
        <p className="row" style={{ marginTop: 16 }}>
          <Link className="button primary" href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
          <Link className="button" href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
        </p>
      </Notice>
    )
  }
  if (access.status === 403) {
    return (
      <Notice title="This link no longer works" testId="revoked">
        <p>The share link you used has been revoked. Ask the board&apos;s owner for a new one.</p>
      </Notice>
    )
  }
  return (
    <Notice title="You don't have access to this board" testId="no-access">
      <p>It may not exist, or it has not been shared with you. Ask the board&apos;s owner for a link.</p>
      {!signedIn && (
        <p style={{ marginTop: 16 }}>
          <Link className="button primary" href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in with another account</Link>
        </p>
      )}
    </Notice>
  )
}

export default async function BoardPage({ params, searchParams }: Props) {
  const { id } = await params
  const query = await searchParams
  const shareToken = typeof query.share === 'string' && query.share ? query.share : undefined
  const callbackUrl = `/b/${encodeURIComponent(id)}${shareToken ? `?share=${encodeURIComponent(shareToken)}` : ''}`

  if (!idSchema.safeParse(id).success) return denied({ ok: false, status: 404, error: 'board not found' }, callbackUrl, false)

  let access: BoardAccess
  let signedIn = false
  try {
    const user = await currentUser()
    signedIn = user !== null
    access = await resolveBoardAccess(id, { userId: user?.id, shareToken })
    // A signed-in person opening a share link joins the board, so it shows on their dashboard.
    if (access.ok && user && shareToken && access.via !== 'member') await joinViaShare(id, user.id, shareToken)
  } catch (error) {
    console.error(`[board page] access check failed for ${id}`, error)
    return (
      <Notice title="This board could not be opened" testId="error">
        <p>Something went wrong on our side. Please try again in a moment.</p>
      </Notice>
    )
  }
  if (!access.ok) return denied(access, callbackUrl, signedIn)

  return (
    <BoardClient
      boardId={access.board.id}
      title={access.board.title}
      memberRole={access.role}
      shareToken={shareToken}
    />
  )
}
