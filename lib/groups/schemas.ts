// Input schemas for the group API. Every body and path parameter passes through one of these
// before it reaches lib/ or the database. Pure.
import { z } from 'zod'

export const GROUP_NAME_MAX = 80
export const GROUP_DESCRIPTION_MAX = 500

export const groupRoleSchema = z.enum(['owner', 'member'])
export type GroupRole = z.infer<typeof groupRoleSchema>

export const groupNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'name is required' : 'name must be a string') })
  .trim()
  .min(1, { error: 'name must not be empty' })
  .max(GROUP_NAME_MAX, { error: `name must be at most ${GROUP_NAME_MAX} characters` })

export const groupDescriptionSchema = z
  .string({ error: 'description must be a string' })
  .trim()
  .max(GROUP_DESCRIPTION_MAX, { error: `description must be at most ${GROUP_DESCRIPTION_MAX} characters` })

export const createGroupSchema = z.strictObject(
  { name: groupNameSchema, description: groupDescriptionSchema.optional() },
  { error: 'body must be a JSON object' },
)

/** The token from an invite link; its shape is checked again before any lookup. */
export const joinGroupSchema = z.strictObject(
  { token: z.string({ error: (issue) => (issue.input === undefined ? 'token is required' : 'token must be a string') }).min(1, { error: 'token must not be empty' }).max(200, { error: 'token is too long' }) },
  { error: 'body must be a JSON object' },
)

export const publishBoardSchema = z.strictObject(
  { boardId: z.string({ error: (issue) => (issue.input === undefined ? 'boardId is required' : 'boardId must be a string') }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'boardId must be a board id' }) },
  { error: 'body must be a JSON object' },
)

export type CreateGroupInput = z.infer<typeof createGroupSchema>
