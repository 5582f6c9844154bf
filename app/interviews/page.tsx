// /interviews: the interviewer's list of their interviews and the form that starts a new one.
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { listInterviews } from '@/lib/interviews/interviews.server'
import { listTemplates } from '@/lib/templates/catalog'
import { TopBar } from '../_components/TopBar'
import { SignOutButton } from '../dashboard/SignOutButton'
import { NewInterviewForm } from './NewInterviewForm'
import styles from './interviews.module.css'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Interviews' }

const STATUS_TEXT = { scheduled: 'Not started', live: 'Live', ended: 'Ended' } as const

export default async function InterviewsPage() {
  const user = await currentUser()
  if (!user) redirect('/signin?callbackUrl=/interviews')
  const [interviews, templates] = await Promise.all([listInterviews(user.id), Promise.resolve(listTemplates())])
  return (
    <>
      <TopBar>
        <Link href="/dashboard">Boards</Link>
        <span className="muted" data-testid="user-name">{user.name}</span>
        <SignOutButton />
      </TopBar>
      <main className="page">
        <h1>Mock interviews</h1>
        <p className="muted">Run a system design interview on a shared board: a prompt, a timer with phases, private notes and a scorecard.</p>
        <section className={`card ${styles.newCard}`}>
          <h2 className={styles.h2}>New interview</h2>
          <NewInterviewForm templates={templates.map((t) => ({ slug: t.slug, title: t.title, topic: t.topicTitle }))} />
        </section>
        <h2 className={styles.h2} style={{ marginTop: 36 }}>Your interviews</h2>
        {interviews.length === 0 ? (
          <div className="card empty" data-testid="interview-list-empty">No interviews yet. Start one above.</div>
        ) : (
          <ul className="board-list" data-testid="interview-list">
            {interviews.map((interview) => (
              <li key={interview.id} className="card board-item" data-testid={`interview-item-${interview.id}`}>
                <Link href={`/interviews/${interview.id}`} className="title">{interview.title}</Link>
                <span className="muted">{interview.candidateName ?? 'no candidate yet'}</span>
                <span className="muted">{new Date(interview.createdAt).toLocaleDateString()}</span>
                <span className={`role ${styles.status}`} data-state={interview.status}>{STATUS_TEXT[interview.status]}</span>
                {interview.status === 'ended' ? <Link className="button" href={`/interviews/${interview.id}/summary`}>Summary</Link> : null}
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  )
}
