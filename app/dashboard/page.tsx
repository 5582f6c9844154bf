import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { listBoardsFor } from '@/lib/boards/boards.server'
import { TopBar } from '../_components/TopBar'
import { BoardList } from './BoardList'
import { ImportBoard } from './ImportBoard'
import { SignOutButton } from './SignOutButton'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Your boards' }

export default async function DashboardPage() {
  const user = await currentUser()
  if (!user) redirect('/signin?callbackUrl=/dashboard')
  const boards = await listBoardsFor(user.id)
  return (
    <>
      <TopBar>
        <span className="muted" data-testid="user-name">{user.name}</span>
        <SignOutButton />
      </TopBar>
      <main className="page">
        <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
          <h1>Your boards</h1>
          <div className="row" style={{ gap: 8 }}>
            <ImportBoard />
            <Link href="/templates" className="button">Start from a template</Link>
          </div>
        </div>
        <BoardList boards={boards} />
      </main>
    </>
  )
}
