import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { TopBar } from './_components/TopBar'

export const dynamic = 'force-dynamic'

export default async function Landing() {
  if (await currentUser()) redirect('/dashboard')
  return (
    <>
      <TopBar>
        <Link href="/signin" className="button" data-testid="landing-signin">Sign in</Link>
        <Link href="/signup" className="button primary">Sign up</Link>
      </TopBar>
      <main className="page">
        <section className="hero">
          <h1>Design systems together, live.</h1>
          <p>
            DesignRoom is a multiplayer whiteboard for system-design interviews: sketch architectures
            on a shared canvas, see each other&apos;s cursors, and share a link that opens the board
            for editing or view only.
          </p>
          <div className="row" style={{ marginTop: 24 }}>
            <Link href="/signup" className="button primary large" data-testid="landing-signup">Create a free account</Link>
            <Link href="/signin" className="button large">I already have one</Link>
          </div>
        </section>
        <section className="features">
          <div className="card"><h3>Real-time canvas</h3><p>Boxes, arrows and notes sync instantly between everyone in the room.</p></div>
          <div className="card"><h3>Share with a link</h3><p>Invite a candidate as editor or viewer; revoke the link at any time.</p></div>
          <div className="card"><h3>Built for interviews</h3><p>Templates for classic topics: caching, sharding, rate limiting, chat.</p></div>
        </section>
      </main>
    </>
  )
}
