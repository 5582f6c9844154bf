// Records what a browser page receives, so a spec can prove a secret never reached it: every HTTP
// response body and every WebSocket frame, as text. Used by the interview and hostile-web specs.
import type { Page } from '@playwright/test'
import { expect } from './fixtures'

export type Received = { url: string; text: string | null }

export type Traffic = { bodies: Received[]; pending: Promise<void>[]; frames: string[] }

/** Everything the page's context receives over HTTP and WebSocket, as text. */
export function recordTraffic(page: Page): Traffic {
  const bodies: Received[] = []
  const pending: Promise<void>[] = []
  const frames: string[] = []
  page.on('response', (response) => {
    const entry: Received = { url: response.url(), text: null }
    bodies.push(entry)
    pending.push(
      response
        .body()
        .then((b) => {
          entry.text = b.toString('utf8')
        })
        // Redirects and aborted requests have no body to read.
        .catch(() => {
          entry.text = ''
        }),
    )
  })
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')))
  })
  return { bodies, pending, frames }
}

/**
 * The bodies received so far. Chromium sometimes never hands over the body of a static file whose
 * load the page cancelled; those may stay unread, but nothing the server computes (pages, API
 * answers) may.
 */
export async function receivedBodies(traffic: Traffic): Promise<Received[]> {
  await Promise.race([Promise.all(traffic.pending), new Promise((resolve) => setTimeout(resolve, 10_000))])
  const unread = traffic.bodies.filter((b) => b.text === null).map((b) => new URL(b.url).pathname)
  expect(unread.filter((path) => !path.startsWith('/_next/static/') && !path.startsWith('/tldraw-assets/'))).toEqual([])
  return traffic.bodies
}
