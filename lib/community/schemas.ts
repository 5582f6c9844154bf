// Input schema for publishing a community template. Pure.
import { z } from 'zod'
import { TOPICS, type TopicId } from '@/lib/templates/spec'

export const SUMMARY_MAX = 500

const topicIds = TOPICS.map((t) => t.id) as [TopicId, ...TopicId[]]

export const topicSchema = z.enum(topicIds, { error: `topic must be one of: ${topicIds.join(', ')}` })

export const publishTemplateSchema = z.strictObject(
  {
    boardId: z.string({ error: (issue) => (issue.input === undefined ? 'boardId is required' : 'boardId must be a string') }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'boardId must be a board id' }),
    topic: topicSchema,
    summary: z
      .string({ error: (issue) => (issue.input === undefined ? 'summary is required' : 'summary must be a string') })
      .trim()
      .min(1, { error: 'summary must not be empty' })
      .max(SUMMARY_MAX, { error: `summary must be at most ${SUMMARY_MAX} characters` }),
  },
  { error: 'body must be a JSON object' },
)

export type PublishTemplateInput = z.infer<typeof publishTemplateSchema>
