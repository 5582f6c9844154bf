// GET /api/rooms/{boardId}: which sync node serves a board, and a short-lived token for it.
// The route, the board client's reconnect loop and the tests all parse with this schema.
import { z } from 'zod'
import { roleSchema } from '../auth/roles'

export const roomLookupSchema = z.object({
  /** ws:// or wss:// base URL of the owning sync node; connect to `${url}/${room}?token=…`. */
  url: z.string().regex(/^wss?:\/\//),
  room: z.string(),
  token: z.string(),
  role: roleSchema,
  /** ISO time at which the token stops being accepted for new connections. */
  expiresAt: z.string(),
})

export type RoomLookup = z.infer<typeof roomLookupSchema>
