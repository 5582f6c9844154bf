// /groups: the study groups you belong to, and a form to start one.
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { listGroupsFor } from '@/lib/groups/groups.server'
import { TopBar } from '../_components/TopBar'
import { CreateGroupForm } from './CreateGroupForm'
import styles from './groups.module.css'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Study groups' }

export default async function GroupsPage() {
  const user = await currentUser()
  if (!user) redirect('/signin?callbackUrl=/groups')
  const groups = await listGroupsFor(user.id)
  return (
    <>
      <TopBar>
        <Link href="/dashboard" className="button">Your boards</Link>
      </TopBar>
      <main className="page">
        <h1>Study groups</h1>
        <p className="muted">Publish boards to a group so everyone in it can open them read-only, and fork their own copy.</p>
        <CreateGroupForm />
        {groups.length === 0 ? (
          <div className="card empty" style={{ marginTop: 24 }} data-testid="group-list-empty">You are not in any group yet. Start one above, or open an invite link.</div>
        ) : (
          <ul className={styles.list} data-testid="group-list">
            {groups.map((group) => (
              <li key={group.id} className={`card ${styles.item}`} data-testid={`group-item-${group.id}`}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Link href={`/groups/${group.id}`} className={styles.name} data-testid={`group-link-${group.id}`}>{group.name}</Link>
                  {group.description ? <p className={styles.description}>{group.description}</p> : null}
                </div>
                <span className={`role ${group.role}`}>{group.role}</span>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  )
}
