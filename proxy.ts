// The Content-Security-Policy of every page and API answer, with a fresh nonce per request. Next
// reads the nonce back out of the request's CSP header while rendering and puts it on its own
// scripts (which is why every page renders dynamically: see app/layout.tsx). This is a second line
// behind escaping and record validation (docs/security.md): markup that slips into a page still
// cannot run script, load code from elsewhere, post a form off-site or frame the app.
// Authorization is NOT done here; every route handler checks its caller (lib/http/guards.server.ts).
import { NextResponse, type NextRequest } from 'next/server'
import { serverEnv, type ServerEnv } from '@/lib/env.server'

/** Where board sockets may go besides the page's own origin ('self' covers ws(s):// to it). */
function syncSources(env: ServerEnv): string[] {
  if (env.SYNC_ORIGINS.length > 0) return env.SYNC_ORIGINS
  // Scale-out: nodes advertise their SYNC_PUBLIC_URL through Redis and the web process never sees
  // a list, so without SYNC_ORIGINS the only safe-to-guess answer is "any WebSocket host" (still
  // no http(s) exfiltration). Embedded: the node is this origin.
  return env.REDIS_URL ? ['ws:', 'wss:'] : []
}

function policy(nonce: string, env: ServerEnv): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': the nonced Next runtime loads its chunks, nothing else runs; 'self' is
    // only for browsers without CSP 3. React needs eval for its dev-mode error overlay only.
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(env.NODE_ENV === 'development' ? ["'unsafe-eval'"] : [])],
    // 'unsafe-inline' is unavoidable for styles: React writes style="" attributes into server
    // markup, tldraw sets them on every shape and injects an un-nonced <style> to print, and a
    // nonce in this list would switch 'unsafe-inline' off. Styles cannot run script.
    'style-src': ["'self'", "'unsafe-inline'"],
    // tldraw draws pasted and exported images from blob: and data: URLs; its icons, fonts and
    // translations are self-hosted under public/tldraw-assets. Remote images are not loaded, so
    // a board cannot make its viewers' browsers call a host of its choosing.
    'img-src': ["'self'", 'blob:', 'data:'],
    'media-src': ["'self'", 'blob:', 'data:'],
    'font-src': ["'self'", 'data:'],
    // tldraw fetch()es blob:/data: URLs when it copies or exports images.
    'connect-src': ["'self'", 'blob:', 'data:', ...syncSources(env)],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
  const csp = policy(nonce, serverEnv())
  const headers = new Headers(request.headers)
  headers.set('content-security-policy', csp)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('content-security-policy', csp)
  // No response is ever to be read as another type than it says (an export read as HTML, say).
  response.headers.set('x-content-type-options', 'nosniff')
  return response
}

export const config = {
  // Build output and tldraw's static files are never documents; everything else gets the header.
  matcher: ['/((?!_next/static/|_next/image|tldraw-assets/).*)'],
}
