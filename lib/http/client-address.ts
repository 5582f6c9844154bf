// Who is asking, for rate limits. A client can write any X-Forwarded-For it likes, so the web
// server (server/main.ts) stamps CLIENT_HEADER on every request itself, overwriting whatever
// arrived: the socket's address, or with TRUST_PROXY=1 (behind a proxy that sets the header) the
// first X-Forwarded-For entry. Route handlers read only the stamped header.

export const CLIENT_HEADER = 'x-designroom-client'

type Headers = Record<string, string | string[] | undefined>

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  const entry = raw?.split(',')[0]?.trim()
  return entry ? entry : undefined
}

/** The address to stamp for a request that arrived on a socket from `remote`. */
export function clientAddress(headers: Headers, remote: string | undefined, trustProxy: boolean): string {
  return (trustProxy ? first(headers['x-forwarded-for']) : undefined) ?? remote ?? 'unknown'
}
