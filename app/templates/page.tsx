// /templates: the gallery. Every built-in template with a thumbnail drawn from its own compiled
// board, filterable by topic (a query parameter, so filters are links and work without script).
import Link from 'next/link'
import { thumbnailScene } from '@/lib/board/thumbnail'
import { galleryCommunityTemplates } from '@/lib/community/templates.server'
import { compileDiagram } from '@/lib/templates/compile'
import { findTemplate, listTemplates } from '@/lib/templates/catalog'
import { TOPICS } from '@/lib/templates/spec'
import { TopBar } from '../_components/TopBar'
import { StartButtons } from './StartButtons'
import { Thumbnail } from './Thumbnail'
import styles from './templates.module.css'

export const metadata = { title: 'Templates' }
// Community templates come from the database: render per request.
export const dynamic = 'force-dynamic'

const COMMUNITY_LIMIT = 48

type Props = { searchParams: Promise<{ topic?: string | string[] }> }

export default async function TemplatesPage({ searchParams }: Props) {
  const { topic: raw } = await searchParams
  const topic = TOPICS.find((t) => t.id === raw)?.id
  const templates = listTemplates().filter((t) => !topic || t.topic === topic)
  const community = (await galleryCommunityTemplates(COMMUNITY_LIMIT)).filter((t) => !topic || t.topic === topic)
  return (
    <>
      <TopBar />
      <main className={`page ${styles.wide}`}>
        <h1>Templates</h1>
        <p className="muted">
          A board for every system-design topic and the classic interview problems. Each holds a finished reference
          design; &ldquo;Blank start&rdquo; gives the prompt and the parts instead, for an interview.
        </p>
        <nav aria-label="Filter by topic" className={styles.filters}>
          <Link href="/templates" className={`button ${topic ? '' : 'primary'}`} aria-current={topic ? undefined : 'page'}>
            All
          </Link>
          {TOPICS.map((t) => (
            <Link key={t.id} href={`/templates?topic=${t.id}`} className={`button ${topic === t.id ? 'primary' : ''}`} aria-current={topic === t.id ? 'page' : undefined}>
              {t.title}
            </Link>
          ))}
        </nav>
        <ul className={styles.grid} data-testid="template-gallery">
          {templates.map((t) => {
            const spec = findTemplate(t.slug)
            const scene = spec ? thumbnailScene(compileDiagram(spec)) : null
            return (
              <li key={t.slug} className={`card ${styles.item}`} data-testid={`template-${t.slug}`}>
                <div className={styles.thumb}>{scene && <Thumbnail scene={scene} title={t.title} />}</div>
                <p className={styles.topic}>
                  {t.kind === 'problem' ? 'Interview problem' : 'Topic'} · {t.topicTitle}
                </p>
                <h3>
                  <Link href={`/templates/${t.slug}`}>{t.title}</Link>
                </h3>
                <p className="muted">{t.summary}</p>
                <StartButtons source={{ template: t.slug }} title={t.title} />
              </li>
            )
          })}
        </ul>
        {templates.length === 0 && <p className="card empty">No template for this topic yet.</p>}
        <h2 className={styles.section}>From the community</h2>
        <p className="muted">Boards people published as templates: a snapshot taken when they published it.</p>
        {community.length === 0 ? (
          <p className="card empty">Nothing published{topic ? ' for this topic' : ''} yet. Publish one of your boards from your dashboard.</p>
        ) : (
          <ul className={styles.grid} data-testid="community-gallery">
            {community.map((t) => (
              <li key={t.id} className={`card ${styles.item}`} data-testid={`community-template-${t.id}`}>
                <div className={styles.thumb}>{t.thumbnail && <Thumbnail scene={t.thumbnail} title={t.title} />}</div>
                <p className={styles.topic}>Community · {TOPICS.find((x) => x.id === t.topic)?.title ?? t.topic}</p>
                <h3>{t.title}</h3>
                <p className="muted">{t.summary}</p>
                <p className="muted">by {t.author}</p>
                <StartButtons source={{ communityTemplate: t.id }} blank={false} title={t.title} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  )
}
