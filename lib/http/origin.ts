// Where the request came from, as the browser sees it. In the embedded default the web tier and
// the sync node share a host and port, so share links and the sync URL are derived from the
// request. Next's server fills x-forwarded-proto/host when no proxy did (base-server.ts), so a
// direct http request reads as http and one through a TLS proxy as https.

function first(value: string | null): string | undefined {
  const v = value?.split(',')[0]?.trim()
  return v ? v : undefined
}

export function requestProtocol(req: Request): 'http' | 'https' {
  const proto = first(req.headers.get('x-forwarded-proto')) ?? new URL(req.url).protocol.replace(':', '')
  return proto === 'https' ? 'https' : 'http'
}

export function requestHost(req: Request): string {
  return first(req.headers.get('x-forwarded-host')) ?? first(req.headers.get('host')) ?? new URL(req.url).host
}

/** Public origin for links: NEXTAUTH_URL when set (a proxy in front), else the request's. */
export function publicOrigin(req: Request): string {
  const configured = process.env.NEXTAUTH_URL
  if (configured) {
    try {
      return new URL(configured).origin
    } catch {
      // fall through: an invalid NEXTAUTH_URL also breaks next-auth, which reports it
    }
  }
  return `${requestProtocol(req)}://${requestHost(req)}`
}

/** ws://host/sync or wss://host/sync: the embedded sync node, same origin as the page. */
export function sameOriginSyncUrl(req: Request): string {
  return `${requestProtocol(req) === 'https' ? 'wss' : 'ws'}://${requestHost(req)}/sync`
}

/**
 * CSRF defence for state-changing API calls: a browser always sends Origin on a cross-origin
 * POST/PATCH/DELETE, so one that names another host is refused. Requests without Origin
 * (curl, tests, same-origin GETs) carry no ambient-credential risk beyond SameSite=Lax cookies.
 */
export function isCrossOrigin(req: Request): boolean {
  const origin = req.headers.get('origin')
  if (!origin) return false
  if (origin === 'null') return true
  try {
    return new URL(origin).host !== requestHost(req)
  } catch {
    return true
  }
}
