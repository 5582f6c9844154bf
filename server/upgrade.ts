// Checks made on the HTTP upgrade request before any WebSocket exists: path, room name, Origin.
// Pure functions of the request, so they are unit-testable without sockets.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { roomNameSchema } from '@/lib/protocol/room-name'

export type UpgradeTarget = { ok: true; room: string; token: string; wantsSaved: boolean } | { ok: false; status: 400 | 404 }

/** `/sync/<room>?token=<jwt>[&saved=1]`; the stock client appends params this way. */
export function parseUpgradeTarget(url: string | undefined): UpgradeTarget {
  let parsed: URL
  try {
    parsed = new URL(url ?? '/', 'http://sync.invalid')
  } catch {
    return { ok: false, status: 400 }
  }
  const match = /^\/sync\/([^/]*)$/.exec(parsed.pathname)
  if (!match) return { ok: false, status: 404 }
  const room = roomNameSchema.safeParse(match[1])
  if (!room.success) return { ok: false, status: 400 }
  return {
    ok: true,
    room: room.data,
    token: parsed.searchParams.get('token') ?? '',
    wantsSaved: parsed.searchParams.get('saved') === '1',
  }
}

/**
 * Cross-site WebSocket hijacking defence (CWE-1385): a browser always sends Origin, so a present
 * Origin must be this host or an allowed one. Non-browser clients send none and are let through;
 * they still need a valid room token.
 */
export function isOriginAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  const host = req.headers.host
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true
  return allowedOrigins.includes(origin)
}

const statusText: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }

/** Answers an upgrade with a plain HTTP error and drops the connection. */
export function rejectUpgrade(socket: Duplex, status: 400 | 403 | 404 | 503): void {
  const text = statusText[status] ?? 'Error'
  try {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`)
  } finally {
    // end() flushes the response; destroy soon after in case the peer never closes its side.
    setTimeout(() => socket.destroy(), 1_000).unref()
  }
}

/** Whether an upgrade belongs to the sync node (the rest of the port belongs to Next). */
export function isSyncPath(url: string | undefined): boolean {
  return (url ?? '').startsWith('/sync/')
}
