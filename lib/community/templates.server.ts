// Community templates: a snapshot of a board's saved content (one Yjs update) taken when its
// owner publishes it. A snapshot, so the author's later edits do not change it and people who
// start from it need no access to the live board. Callers check that the publisher owns the board.
import { db } from '@/lib/db.server'
import { readBoardDocument } from '@/lib/boards/board-document.server'
import { recordsFromDocument } from '@/lib/board/seed-document'
import { thumbnailScene, type Scene } from '@/lib/board/thumbnail'
import { topicSchema } from './schemas'
import type { TopicId } from '@/lib/templates/spec'

export type CommunityTemplate = { id: string; title: string; topic: TopicId; summary: string; author: string; createdAt: string }

export async function publishCommunityTemplate(input: { boardId: string; topic: TopicId; summary: string; authorId: string }): Promise<{ id: string } | null> {
  const client = await db()
  const board = await client.board.findUnique({ where: { id: input.boardId }, select: { title: true } })
  if (!board) return null
  const document = await readBoardDocument(input.boardId)
  if (!document) return null
  const row = await client.publicTemplate.create({
    data: { title: board.title, topic: input.topic, summary: input.summary, document: new Uint8Array(document), authorId: input.authorId },
    select: { id: true },
  })
  return { id: row.id }
}

const summaryFields = { id: true, title: true, topic: true, summary: true, createdAt: true, author: { select: { name: true } } } as const

type SummaryRow = { id: string; title: string; topic: string; summary: string; createdAt: Date; author: { name: string } }

function toSummary(row: SummaryRow): CommunityTemplate | null {
  const topic = topicSchema.safeParse(row.topic)
  // A topic that was later removed from TOPICS hides the template rather than breaking the list.
  if (!topic.success) return null
  return { id: row.id, title: row.title, topic: topic.data, summary: row.summary, author: row.author.name, createdAt: row.createdAt.toISOString() }
}

/** Every community template, newest first, without its document. */
export async function listCommunityTemplates(): Promise<CommunityTemplate[]> {
  const client = await db()
  const rows = await client.publicTemplate.findMany({ orderBy: { createdAt: 'desc' }, select: summaryFields })
  return rows.flatMap((row) => toSummary(row) ?? [])
}

// A community template is an immutable snapshot, so its thumbnail never changes: compute it once
// per process and keep it, instead of reading every document (up to the room's 10 MB limit) on
// every view of the gallery. Bounded, oldest entry out first.
const THUMBNAIL_CACHE = 200
const thumbnails = new Map<string, Scene>()

async function thumbnailOf(id: string): Promise<Scene | null> {
  const cached = thumbnails.get(id)
  if (cached) return cached
  const client = await db()
  const row = await client.publicTemplate.findUnique({ where: { id }, select: { document: true } })
  if (!row) return null
  const scene = thumbnailScene(recordsFromDocument(new Uint8Array(row.document)))
  if (thumbnails.size >= THUMBNAIL_CACHE) thumbnails.delete(thumbnails.keys().next().value!)
  thumbnails.set(id, scene)
  return scene
}

/** The newest community templates with their thumbnails, for the gallery. */
export async function galleryCommunityTemplates(limit: number): Promise<Array<CommunityTemplate & { thumbnail: Scene | null }>> {
  const client = await db()
  const rows = await client.publicTemplate.findMany({ orderBy: { createdAt: 'desc' }, take: limit, select: summaryFields })
  const summaries = rows.flatMap((row) => toSummary(row) ?? [])
  // One at a time: a cold cache reads each document once, never all of them at the same moment.
  const out: Array<CommunityTemplate & { thumbnail: Scene | null }> = []
  for (const summary of summaries) out.push({ ...summary, thumbnail: await thumbnailOf(summary.id) })
  return out
}

/** The template's title and content, for creating a board from it; null when there is none. */
export async function communityTemplateDocument(id: string): Promise<{ title: string; document: Uint8Array } | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null
  const client = await db()
  const row = await client.publicTemplate.findUnique({ where: { id }, select: { title: true, document: true } })
  return row ? { title: row.title, document: new Uint8Array(row.document) } : null
}
