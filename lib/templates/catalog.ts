// The built-in templates as the app serves them: a summary list for the gallery and the API,
// lookup by slug, and the Yjs document a new board starts from.
import { documentFromRecords } from '@/lib/board/seed-document'
import { TEMPLATES } from '@/templates'
import { compileTemplate, type TemplateVariant } from './compile'
import { TOPICS, type SimulatorId, type TemplateSpec, type TopicId } from './spec'

export type TemplateSummary = {
  slug: string
  title: string
  topic: TopicId
  topicTitle: string
  kind: TemplateSpec['kind']
  summary: string
  simulator: SimulatorId
}

const bySlug = new Map(TEMPLATES.map((t) => [t.slug, t]))

export function summarize(spec: TemplateSpec): TemplateSummary {
  const topicTitle = TOPICS.find((t) => t.id === spec.topic)?.title ?? spec.topic
  return { slug: spec.slug, title: spec.title, topic: spec.topic, topicTitle, kind: spec.kind, summary: spec.summary, simulator: spec.simulator }
}

export function listTemplates(): TemplateSummary[] {
  return TEMPLATES.map(summarize)
}

export function findTemplate(slug: string): TemplateSpec | undefined {
  return bySlug.get(slug)
}

// Compiling is cheap but not free, and templates only change with a deploy: cache per process.
const documents = new Map<string, Uint8Array>()

/** The starting document of a board created from `spec`; callers must not mutate it. */
export function templateDocument(spec: TemplateSpec, variant: TemplateVariant): Uint8Array {
  const key = `${spec.slug}:${variant}`
  let document = documents.get(key)
  if (!document) documents.set(key, (document = documentFromRecords(compileTemplate(spec, variant))))
  return document
}
