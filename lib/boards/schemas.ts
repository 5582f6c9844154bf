// Input schemas for the board and share API. Every body and path parameter passes through one
// of these before it reaches lib/ or the database. Pure: unit-tested in tests/unit/schemas.test.ts.
import { z } from 'zod'

export const TITLE_MAX = 120

export const titleSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'title is required' : 'title must be a string') })
  .trim()
  .min(1, { error: 'title must not be empty' })
  .max(TITLE_MAX, { error: `title must be at most ${TITLE_MAX} characters` })

export const createBoardSchema = z.strictObject({ title: titleSchema }, { error: 'body must be a JSON object' })
export const renameBoardSchema = createBoardSchema

export const shareRoleSchema = z.enum(['editor', 'viewer'], { error: 'role must be "editor" or "viewer"' })
export const createShareSchema = z.strictObject({ role: shareRoleSchema }, { error: 'body must be a JSON object' })

/** cuid ids today; anything id-shaped is accepted so a future id format needs no change here. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export type CreateBoardInput = z.infer<typeof createBoardSchema>
export type CreateShareInput = z.infer<typeof createShareSchema>
