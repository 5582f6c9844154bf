// A simulator run as a link: everything that determines it (simulator, parameters, seed, the
// failures injected and when) plus the moment to show, packed into one URL parameter. Opening
// the link replays the identical run, because the engine is seeded. Pure and isomorphic; untrusted
// input is parsed with the same schema as the board's shared record.
import { z } from 'zod'
import { failureSchema, isKnownSimulator, sharedRunSchema, type SharedRun } from './shared-run'

/** The board page's query parameter that carries a run. */
export const RUN_PARAM = 'run'
/** Links must survive chat apps and address bars: keep them short. */
export const MAX_LINK_CHARS = 6000

export const runLinkSchema = z.strictObject({
  id: sharedRunSchema.shape.id,
  params: sharedRunSchema.shape.params,
  seed: sharedRunSchema.shape.seed,
  failures: z.array(failureSchema).max(64),
  /** The simulated time the link points at (where the sender's clock stood). */
  t: z.number().finite().min(0),
})

export type RunLink = z.infer<typeof runLinkSchema>

export function runLinkOf(run: SharedRun, t: number): RunLink {
  return { id: run.id, params: run.params, seed: run.seed, failures: run.failures, t }
}

// base64url by hand: Buffer is Node's, and the panel runs in the browser (btoa/atob are in both).
function toBase64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(value: string): string {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/** base64url of the JSON, for a query parameter. */
export function encodeRunLink(link: RunLink): string {
  return toBase64Url(JSON.stringify(link))
}

export function decodeRunLink(value: string | null | undefined): RunLink | null {
  if (!value || value.length > MAX_LINK_CHARS || !/^[A-Za-z0-9_-]+$/.test(value)) return null
  let json: unknown
  try {
    json = JSON.parse(fromBase64Url(value))
  } catch {
    return null
  }
  const parsed = runLinkSchema.safeParse(json)
  return parsed.success && isKnownSimulator(parsed.data.id) ? parsed.data : null
}

/** The paused shared record a link describes, standing at its time. */
export function sharedRunFromLink(link: RunLink): SharedRun {
  return { id: link.id, params: link.params, seed: link.seed, failures: link.failures, playing: false, speed: 1, startedAt: 0, offset: link.t }
}

/** The board page URL (path and query) that opens `link`, keeping a share token if there is one. */
export function runLinkPath(boardId: string, link: RunLink, shareToken?: string | null): string {
  const query = new URLSearchParams()
  if (shareToken) query.set('share', shareToken)
  query.set(RUN_PARAM, encodeRunLink(link))
  return `/b/${encodeURIComponent(boardId)}?${query.toString()}`
}
