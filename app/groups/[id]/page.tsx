// /groups/{id}: a group's members and published boards. Members only: anyone else, and a group
// that does not exist, get the same not-found page, so group ids reveal nothing.
import Link from 'next/link'
import { notFound, redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { listBoardsFor } from '@/lib/boards/boards.server'
import { idSchema } from '@/lib/boards/schemas'
import { groupDetails, groupRoleOf } from '@/lib/groups/groups.server'
import { TopBar } from '../../_components/TopBar'
import { ForkButton, InviteButton, PublishForm, UnpublishButton } from './GroupActions'
import styles from '../groups.module.css'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Study group' }

type Props = { params: Promise<{ id: string }> }

export default async function GroupPage({ params }: Props) {
  const { id } = await params
  const user = await currentUser()
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/groups/${id}`)}`)
  if (!idSchema.safeParse(id).success) notFound()
  const role = await groupRoleOf(id, user.id)
  if (!role) notFound()
  const group = await groupDetails(id, role)
  if (!group) notFound()

  const published = new Set(group.boards.map((b) => b.id))
  const publishable = (await listBoardsFor(user.id)).filter((b) => b.role === 'owner' && !published.has(b.id)).map((b) => ({ id: b.id, title: b.title }))

  return (
    <>
      <TopBar>
        <Link href="/dashboard" className="button">Your boards</Link>
      </TopBar>
      <main className="page" data-testid="group-page" data-group-id={group.id}>
        <div className="row" style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
          <h1 data-testid="group-name">{group.name}</h1>
          {role === 'owner' ? <InviteButton groupId={group.id} /> : null}
        </div>
        {group.description ? <p className="muted">{group.description}</p> : null}

        <section className={styles.section}>
          <h2>Boards</h2>
          <p className="muted">Everyone in the group can open these read-only, or fork a copy of their own.</p>
          {group.boards.length === 0 ? (
            <div className="card empty" data-testid="group-boards-empty">No boards published yet.</div>
          ) : (
            <ul className={styles.list} data-testid="group-boards">
              {group.boards.map((board) => (
                <li key={board.id} className={`card ${styles.item}`} data-testid={`group-board-${board.id}`}>
                  <Link href={`/b/${board.id}`} className={styles.name} data-testid={`group-board-link-${board.id}`}>{board.title}</Link>
                  <span className={styles.meta}>by {board.publishedBy} · {new Date(board.publishedAt).toLocaleDateString()}</span>
                  <Link href={`/b/${board.id}`} className="button" data-testid={`open-board-${board.id}`}>Open</Link>
                  <ForkButton boardId={board.id} />
                  {role === 'owner' || board.publishedById === user.id ? <UnpublishButton groupId={group.id} boardId={board.id} /> : null}
                </li>
              ))}
            </ul>
          )}
          <PublishForm groupId={group.id} boards={publishable} />
        </section>

        <section className={styles.section}>
          <h2>Members</h2>
          <ul className={styles.members} data-testid="group-members">
            {group.members.map((member, i) => (
              <li key={i}>
                {member.name}
                {member.role === 'owner' ? <span className="muted"> · owner</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  )
}
