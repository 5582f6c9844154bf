// Which sites an embed shape may point at (reliability.md §6.2 W2). tldraw's EmbedShapeUtil
// renders an iframe for any URL, falling back to the raw URL when no embed definition matches,
// so a collaborator could put any page (a phishing form, a tracking pixel) in front of everyone
// on the board. The page's CSP keeps such frames from loading; this list keeps the records out of
// the board in the first place.
//
// The hosts are those of tldraw's DEFAULT_EMBED_DEFINITIONS (tests/unit/board/embed-allowlist
// .test.ts reads them from the installed tldraw and fails when they change), minus its
// `localhost:3000` entry: a board has no business pointing at a viewer's own machine. The match
// is stricter than tldraw's: tldraw tests an unanchored regular expression, so
// "figma.com.evil.example" counts as Figma there; here the whole host must match.
export const EMBED_HOST_PATTERNS: readonly string[] = [
  'beta.tldraw.com',
  'tldraw.com',
  'figma.com',
  'canva.com',
  'google.*',
  'val.town',
  'codesandbox.io',
  'codepen.io',
  'scratch.mit.edu',
  '*.youtube.com',
  'youtube.com',
  'youtu.be',
  'calendar.google.*',
  'docs.google.*',
  'gist.github.com',
  'replit.com',
  'felt.com',
  'open.spotify.com',
  'vimeo.com',
  'player.vimeo.com',
  'observablehq.com',
  'desmos.com',
]

// A `*` stands for one or more DNS labels, as in tldraw's own globs ("google.*", "*.youtube.com").
const LABELS = '[a-z0-9-]+(?:\\.[a-z0-9-]+)*'
const HOST_RES: readonly RegExp[] = EMBED_HOST_PATTERNS.map(
  (pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.]/g, '\\.')).join(LABELS)}$`),
)

/**
 * True when `url` is an http(s) URL on one of EMBED_HOST_PATTERNS (a leading "www." is ignored,
 * as tldraw does). http stays allowed because tldraw stores the link as pasted and builds the
 * frame's https address from it; refusing what tldraw's own UI creates would close the tab's
 * socket on every paste of an http link.
 */
export function isAllowedEmbedUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username !== '' || parsed.password !== '') return false
  const host = parsed.host.replace(/^www\./, '')
  return HOST_RES.some((re) => re.test(host))
}
