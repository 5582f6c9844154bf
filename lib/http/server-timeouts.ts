// Timeouts for the plain node:http servers in server/main.ts and server/sync-main.ts
// (reliability.md B20, slowloris). Node's defaults would close a client that trickles its request
// head only after 60 s, and check that only every 30 s, so a few hundred such sockets could sit
// open for up to 90 s each. Set here for both servers; docs/security.md lists the values.
import type { ServerOptions } from 'node:http'
import type { ServerEnv } from '@/lib/env.server'

/**
 * `headersTimeout`: the whole request head must arrive within this (default 20 s; a real browser
 * sends it in one packet). `requestTimeout`: head plus body (default 60 s; board imports are the
 * largest bodies, a few MB). Upgraded WebSockets leave the HTTP server's bookkeeping, so neither
 * limits a sync connection's life. The check runs every `connectionsCheckingInterval`, a quarter
 * of the headers timeout, so a slow client is closed within 1.25× the timeout.
 */
export function httpServerTimeouts(env: Pick<ServerEnv, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS'>): ServerOptions {
  const headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS
  // Node refuses a headersTimeout above requestTimeout; an override of one keeps them ordered.
  const requestTimeout = Math.max(env.HTTP_REQUEST_TIMEOUT_MS, headersTimeout)
  return { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(100, Math.floor(headersTimeout / 4)) }
}
