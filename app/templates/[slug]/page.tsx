// /templates/<slug>: one template's brief. The prompt and trade-offs are public study material;
// the interviewer guide (follow-ups, hints, rubric) is shown to signed-in users only, so a
// template link posted in a public place does not hand candidates the answers key.
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { currentUser } from '@/lib/auth/session.server'
import { thumbnailScene } from '@/lib/board/thumbnail'
import { compileDiagram } from '@/lib/templates/compile'
import { findTemplate, summarize } from '@/lib/templates/catalog'
import { TopBar } from '../../_components/TopBar'
import { StartButtons } from '../StartButtons'
import { Thumbnail } from '../Thumbnail'
import styles from '../templates.module.css'

type Props = { params: Promise<{ slug: string }> }

export async function generateMetadata({ params }: Props) {
  const spec = findTemplate((await params).slug)
  return { title: spec ? spec.title : 'Template not found' }
}

function List({ title, items }: { title: string; items: string[] }) {
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  )
}

export default async function TemplatePage({ params }: Props) {
  const spec = findTemplate((await params).slug)
  if (!spec) notFound()
  const summary = summarize(spec)
  const user = await currentUser()
  return (
    <>
      <TopBar />
      <main className={`page ${styles.wide}`}>
        <p className={styles.topic}>
          <Link href={`/templates?topic=${spec.topic}`}>{summary.topicTitle}</Link> · {spec.kind === 'problem' ? 'Interview problem' : 'Topic'}
        </p>
        <h1>{spec.title}</h1>
        <p className="muted">{spec.summary}</p>
        <StartButtons source={{ template: spec.slug }} title={spec.title} />
        <div className={styles.hero}>
          <Thumbnail scene={thumbnailScene(compileDiagram(spec))} title={spec.title} />
        </div>
        <section>
          <h2>The problem</h2>
          <p>{spec.prompt.statement}</p>
        </section>
        <List title="Functional requirements" items={spec.prompt.functional} />
        <List title="Non-functional requirements" items={spec.prompt.nonFunctional} />
        <List title="Scale" items={spec.prompt.scale} />
        <List title="Key trade-offs" items={spec.tradeoffs} />
        {user ? (
          <section data-testid="interviewer-guide">
            <h2>Interviewer guide</h2>
            <List title="Follow-up questions" items={spec.followUps} />
            <section>
              <h2>Hints, mildest first</h2>
              <ol>
                {spec.hints.map((hint) => (
                  <li key={hint}>{hint}</li>
                ))}
              </ol>
            </section>
            <section>
              <h2>Rubric</h2>
              <table className={styles.rubric}>
                <thead>
                  <tr>
                    <th scope="col">Dimension</th>
                    <th scope="col">Strong</th>
                    <th scope="col">Weak</th>
                  </tr>
                </thead>
                <tbody>
                  {spec.rubric.map((row) => (
                    <tr key={row.dimension}>
                      <th scope="row">{row.dimension}</th>
                      <td>{row.strong}</td>
                      <td>{row.weak}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
        ) : (
          <p className="card muted">
            <Link href={`/signin?callbackUrl=/templates/${spec.slug}`}>Sign in</Link> to see the interviewer guide: follow-up questions, hints and the rubric.
          </p>
        )}
      </main>
    </>
  )
}
