// The board client's call to GET /api/rooms/{boardId}: a fresh sync-node URL and room token.
// Called before every connection attempt, never cached (ARCHITECTURE, the chat pattern, step 4).
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'

export type LookupOutcome =
  | { ok: true; lookup: RoomLookup }
  /** The web tier said no (401 / 403 / 404): retrying cannot help, tell the person why. */
  | { ok: false; retry: false; status: 401 | 403 | 404; message: string }
  /** Network error, 5xx, 429, or a malformed answer: try again later. */
  | { ok: false; retry: true; message: string }

const DENIED_MESSAGES: Record<401 | 403 | 404, string> = {
  401: 'Your session has ended. Sign in again to keep working on this board.',
  403: 'You no longer have access to this board (the link may have been revoked).',
  404: 'This board does not exist, or you do not have access to it.',
}

/** `avoid`: a node URL the client just failed to reach (see RoomConnection), a hint only. */
export function lookupUrl(boardId: string, shareToken: string | undefined, avoid?: string): string {
  const path = `/api/rooms/${encodeURIComponent(boardId)}`
  const url = shareToken ? `${path}?share=${encodeURIComponent(shareToken)}` : path
  return avoid ? `${url}${shareToken ? '&' : '?'}avoid=${encodeURIComponent(avoid)}` : url
}

export async function fetchRoomLookup(
  boardId: string,
  shareToken: string | undefined,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
  avoid?: string,
): Promise<LookupOutcome> {
  let response: Response
  try {
    response = await fetchImpl(lookupUrl(boardId, shareToken, avoid), {
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
  } catch (error) {
    if (signal.aborted) throw error
    return { ok: false, retry: true, message: 'The server cannot be reached.' }
  }
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    return { ok: false, retry: false, status: response.status, message: DENIED_MESSAGES[response.status] }
  }
  if (!response.ok) return { ok: false, retry: true, message: `The server answered ${response.status}.` }
  let body: unknown
  try {
    body = await response.json()
  } catch (error) {
    if (signal.aborted) throw error
    return { ok: false, retry: true, message: 'The server sent an unreadable answer.' }
  }
  const parsed = roomLookupSchema.safeParse(body)
  if (!parsed.success) return { ok: false, retry: true, message: 'The server sent an unexpected answer.' }
  return { ok: true, lookup: parsed.data }
}
