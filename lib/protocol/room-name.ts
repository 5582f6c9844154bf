import { z } from 'zod'

/** Room names appear in URLs, Redis channel names and log lines: keep them boring. */
export const roomNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'room names are 1-64 of [A-Za-z0-9_-]')
export type RoomName = z.infer<typeof roomNameSchema>

/** A board's content room. Interview notes get their own rooms later, never this one. */
export function boardRoom(boardId: string): RoomName {
  return boardId
}
