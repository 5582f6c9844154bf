// Input schemas for the board and share API. Every body and path parameter passes through one
// of these before it reaches lib/ or the database. Pure: unit-tested in tests/unit/schemas.test.ts.
import { z } from 'zod'

export const TITLE_MAX = 120

export const titleSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'title is required' : 'title must be a string') })
  .trim()
  .min(1, { error: 'title must not be empty' })
  .max(TITLE_MAX, { error: `title must be at most ${TITLE_MAX} characters` })

/** A built-in template's slug (templates/<slug>); whether it exists is the route's question. */
export const templateSlugSchema = z.string({ error: 'template must be a string' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'template must be a template slug such as "url-shortener"' })
export const templateVariantSchema = z.enum(['reference', 'blank'], { error: 'variant must be "reference" or "blank"' })

/**
 * A new board: empty (title required), from a built-in template (`template`, optionally the
 * `blank` interview start; title defaults to the template's), or from a community template.
 */
export const createBoardSchema = z
  .strictObject(
    {
      title: titleSchema.optional(),
      template: templateSlugSchema.optional(),
      variant: templateVariantSchema.optional(),
      communityTemplate: z.string({ error: 'communityTemplate must be a string' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'communityTemplate must be a template id' }).optional(),
    },
    { error: 'body must be a JSON object' },
  )
  .refine((body) => !(body.template && body.communityTemplate), { error: 'give either template or communityTemplate, not both' })
  .refine((body) => body.variant === undefined || body.template !== undefined, { error: 'variant needs a template' })
  .refine((body) => body.title !== undefined || body.template !== undefined || body.communityTemplate !== undefined, { error: 'title is required' })
export const renameBoardSchema = z.strictObject({ title: titleSchema }, { error: 'body must be a JSON object' })

export const shareRoleSchema = z.enum(['editor', 'viewer'], { error: 'role must be "editor" or "viewer"' })
export const createShareSchema = z.strictObject({ role: shareRoleSchema }, { error: 'body must be a JSON object' })

/** cuid ids today; anything id-shaped is accepted so a future id format needs no change here. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export type CreateBoardInput = z.infer<typeof createBoardSchema>
export type CreateShareInput = z.infer<typeof createShareSchema>
