// WebSocket close codes the sync node uses (4000-4999 is the application range). The board
// client maps each to what the user sees and whether to reconnect; tests assert on them.
export const CloseCodes = {
  /** A frame that is not valid y-websocket, or an update that fails to apply or validate. */
  malformed: { code: 4400, reason: 'malformed frame' },
  /** Missing, forged, expired or wrong-room token. Reconnecting with a fresh lookup may help. */
  unauthorized: { code: 4401, reason: 'invalid or expired room token' },
  /** The token is valid but its access has been revoked or the board is gone. Do not retry. */
  forbidden: { code: 4403, reason: 'access revoked' },
  /** The room's owner moved (node shutting down, membership change): look up again. */
  moved: { code: 4409, reason: 'room moved, look up again' },
  /** A frame over the size limit, or a room over its size limit. */
  tooBig: { code: 4413, reason: 'frame too large' },
  /** Message rate or connection limit exceeded, or the client could not keep up. */
  rateLimited: { code: 4429, reason: 'rate limit exceeded' },
  /** The room's state could not be loaded: never serve an empty document in its place. */
  loadFailed: { code: 4500, reason: 'could not load board' },
  /** The node is shutting down; like moved. */
  goingAway: { code: 1001, reason: 'server shutting down' },
} as const

export type CloseCodeName = keyof typeof CloseCodes

/** Codes after which a client should look the room up again and reconnect. */
export function shouldReconnect(code: number): boolean {
  return code !== CloseCodes.forbidden.code && code !== CloseCodes.malformed.code && code !== CloseCodes.tooBig.code
}
