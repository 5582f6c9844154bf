// An HTTP client for one person against the real server: a cookie jar (enough for next-auth's
// csrf and session cookies) and next-auth's own credentials sign-in flow.
export class WebClient {
  readonly cookies = new Map<string, string>()

  constructor(private readonly baseUrl: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const i = pair?.indexOf('=') ?? -1
      if (!pair || i <= 0) continue
      const name = pair.slice(0, i)
      const value = pair.slice(i + 1)
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }

  json(path: string, method: string, body: unknown): Promise<Response> {
    return this.fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  }

  async signIn(email: string, password: string): Promise<Response> {
    const body: unknown = await (await this.fetch('/api/auth/csrf')).json()
    const csrfToken = (body as { csrfToken?: unknown }).csrfToken
    if (typeof csrfToken !== 'string') throw new Error('next-auth answered no csrf token')
    return this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
    })
  }
}

export type SignedInUser = { client: WebClient; id: string; name: string; email: string; password: string }

let users = 0
/** A new account, signed up and signed in through the real routes, unique per call. */
export async function signedInUser(baseUrl: string, label: string): Promise<SignedInUser> {
  users += 1
  const email = `${label}-${Date.now().toString(36)}-${users}@example.test`
  const password = `pw-${label}-${users}-secret`
  const name = `${label} ${users}`
  const client = new WebClient(baseUrl)
  const res = await client.json('/api/signup', 'POST', { email, name, password })
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`)
  const { id } = (await res.json()) as { id: string }
  const signedIn = await client.signIn(email, password)
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`)
  return { client, id, name, email, password }
}
