// The web tier's security rows of the reliability matrix (docs/reliability.md: A5, A6, A9, A13,
// A14, A15, W4, W7) against the real server: server/main.ts with its embedded sync node, one
// process for the whole file. TRUST_PROXY=1 lets a test pose as its own client address through
// X-Forwarded-For, so the lookup rate limit of one test does not spill into the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, rawSocket, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, WebClient, type SignedInUser } from '../helpers/web-client'

let server: AppServer
// Two accounts for the whole file: each sign-up costs a scrypt hash, seconds on a busy CI box.
let owner: SignedInUser
let stranger: SignedInUser

beforeAll(async () => {
  server = await startAppServer({ env: { TRUST_PROXY: '1' } })
  ;[owner, stranger] = await Promise.all([signedInUser(server.baseUrl, 'owner'), signedInUser(server.baseUrl, 'stranger')])
})

afterAll(async () => {
  await server?.dispose()
})

const EVIL = 'https://evil.example'

async function createBoard(person: SignedInUser, title = 'Design a URL shortener'): Promise<string> {
  const res = await owner.client.json('/api/boards', 'POST', { title })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function createShare(person: SignedInUser, boardId: string, role: 'viewer' | 'editor' = 'viewer'): Promise<{ id: string; token: string }> {
  const res = await owner.client.json(`/api/boards/${boardId}/shares`, 'POST', { role })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; token: string }
}

/** A JSON request as a browser on `origin` would send it, with the person's cookies. */
function from(origin: string, person: SignedInUser, path: string, method: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { origin }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return owner.client.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

async function shareIds(person: SignedInUser, boardId: string): Promise<string[]> {
  const res = await owner.client.fetch(`/api/boards/${boardId}/shares`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { shares: Array<{ id: string }> }).shares.map((s) => s.id)
}

async function lookup(client: WebClient, boardId: string, share?: string): Promise<RoomLookup> {
  const res = await client.fetch(`/api/rooms/${boardId}${share ? `?share=${share}` : ''}`)
  expect(res.status).toBe(200)
  return roomLookupSchema.parse(await res.json())
}

function sessionCookieValue(person: SignedInUser): string {
  const entry = [...owner.client.cookies].find(([name]) => name.endsWith('next-auth.session-token'))
  if (!entry) throw new Error('no session cookie')
  return entry[1]
}

describe('A9: CSRF on state-changing routes', () => {
  it('a cross-origin share creation or revocation is 403 and changes no share', async () => {
    const boardId = await createBoard(owner)
    const share = await createShare(owner, boardId)

    for (const origin of [EVIL, 'null']) {
      expect((await from(origin, owner, `/api/boards/${boardId}/shares`, 'POST', { role: 'editor' })).status).toBe(403)
      expect((await from(origin, owner, `/api/boards/${boardId}/shares/${share.id}`, 'DELETE')).status).toBe(403)
    }
    expect(await shareIds(owner, boardId)).toEqual([share.id])
    await lookup(new WebClient(server.baseUrl), boardId, share.token)

    // The same requests from the app's own origin go through: the 403s were the Origin check.
    expect((await from(server.baseUrl, owner, `/api/boards/${boardId}/shares/${share.id}`, 'DELETE')).status).toBe(204)
    expect(await shareIds(owner, boardId)).toEqual([])
  })

  it('a cross-origin board rename or delete is 403; the title and the board stay', async () => {
    const boardId = await createBoard(owner, 'Keep this title')
    expect((await from(EVIL, owner, `/api/boards/${boardId}`, 'PATCH', { title: 'Pwned' })).status).toBe(403)
    expect((await from(EVIL, owner, `/api/boards/${boardId}`, 'DELETE')).status).toBe(403)
    const read = await owner.client.fetch(`/api/boards/${boardId}`)
    expect(read.status).toBe(200)
    expect(await read.json()).toMatchObject({ id: boardId, title: 'Keep this title' })

    expect((await from(server.baseUrl, owner, `/api/boards/${boardId}`, 'PATCH', { title: 'Renamed' })).status).toBe(200)
    expect(await (await owner.client.fetch(`/api/boards/${boardId}`)).json()).toMatchObject({ title: 'Renamed' })
  })

  it("a cross-origin interview end or note is 403; the interview's clock and notes stay", async () => {
    const created = await owner.client.json('/api/interviews', 'POST', { customPrompt: 'Design a parking garage.', title: 'Parking' })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect((await owner.client.json(`/api/interviews/${id}/clock`, 'POST', { action: 'start' })).status).toBe(200)
    const state = async (): Promise<unknown> => {
      const { status, clock, notes } = (await (await owner.client.fetch(`/api/interviews/${id}`)).json()) as Record<string, unknown>
      return { status, clock, notes }
    }
    const before = await state()

    expect((await from(EVIL, owner, `/api/interviews/${id}/clock`, 'POST', { action: 'end' })).status).toBe(403)
    expect((await from(EVIL, owner, `/api/interviews/${id}/notes`, 'POST', { text: 'planted' })).status).toBe(403)
    expect(await state()).toEqual(before)

    expect((await from(server.baseUrl, owner, `/api/interviews/${id}/notes`, 'POST', { text: 'mine' })).status).toBe(201)
    expect(await state()).not.toEqual(before)
  })
})

describe('A13: the room lookup', () => {
  it('401 without a session or share link, also for a forged cookie', async () => {
    const boardId = await createBoard(owner)
    expect((await fetch(`${server.baseUrl}/api/rooms/${boardId}`)).status).toBe(401)
    const forged = await fetch(`${server.baseUrl}/api/rooms/${boardId}`, { headers: { cookie: 'next-auth.session-token=not-a-jwt' } })
    expect(forged.status).toBe(401)
  })

  it('404 for a non-member, with no node address or token in the body', async () => {
    const boardId = await createBoard(owner)
    const res = await stranger.client.fetch(`/api/rooms/${boardId}`)
    expect(res.status).toBe(404)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'board not found' })
    expect(text).not.toMatch(/wss?:|\/sync|token/)
  })

  it('429 once one client has 60 refused lookups a minute; answered lookups only have a flood bound', async () => {
    const boardId = await createBoard(owner)
    const asClient = (address: string, client: WebClient = new WebClient(server.baseUrl)): Promise<Response> =>
      client.fetch(`/api/rooms/${boardId}`, { headers: { 'x-forwarded-for': address } })
    // A class behind one address reconnecting together: 200 answered lookups, none refused.
    const answered: number[] = []
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => asClient('203.0.113.6', owner.client)))
      answered.push(...answers.map((r) => r.status))
    }
    expect(answered.filter((s) => s === 200)).toHaveLength(200)
    // 70 unauthenticated probes, 10 at a time: the first 60 are refused, then the address is limited.
    const statuses: number[] = []
    for (let batch = 0; batch < 7; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => asClient('203.0.113.7')))
      statuses.push(...answers.map((r) => r.status))
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(60)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    // A limited address is limited for every lookup, as sign-in is, so probing cannot go on
    // between legitimate requests.
    const limited = await asClient('203.0.113.7', owner.client)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(await limited.text()).not.toMatch(/wss?:|\/sync|token/)
    // The limit is per client address (the one server/main.ts stamps), not global.
    expect((await asClient('203.0.113.8', owner.client)).status).toBe(200)
  })
})

describe('A14: next-auth hardening', () => {
  it('the session cookie is HttpOnly and SameSite=Lax, and Secure with a __Secure- name over https', async () => {
    const signIn = await owner.client.signIn(owner.email, owner.password)
    const plain = signIn.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='))
    expect(plain).toBeDefined()
    expect(plain).toMatch(/;\s*HttpOnly/i)
    expect(plain).toMatch(/;\s*SameSite=Lax/i)
    expect(plain).toMatch(/;\s*Path=\//i)
    // Plain http: a Secure cookie would never come back, so next-auth leaves the flag off.
    expect(plain).not.toMatch(/;\s*Secure/i)

    // Behind a TLS proxy (x-forwarded-proto: https), next-auth switches to secure cookies.
    const viaTls = new WebClient(server.baseUrl)
    const https = { 'x-forwarded-proto': 'https' }
    const csrf = (await (await viaTls.fetch('/api/auth/csrf', { headers: https })).json()) as { csrfToken: string }
    const res = await viaTls.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { ...https, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email: owner.email, password: owner.password, json: 'true' }).toString(),
    })
    expect(res.status).toBe(200)
    const secure = res.headers.getSetCookie().find((c) => c.startsWith('__Secure-next-auth.session-token='))
    expect(secure).toBeDefined()
    expect(secure).toMatch(/;\s*Secure/i)
    expect(secure).toMatch(/;\s*HttpOnly/i)
    expect(secure).toMatch(/;\s*SameSite=Lax/i)
  })

  it('an Authorization: Bearer header opens neither the lookup nor the sync node', async () => {
    const boardId = await createBoard(owner)
    const session = sessionCookieValue(owner)
    const room = await lookup(owner.client, boardId)

    const bearer = await fetch(`${server.baseUrl}/api/rooms/${boardId}`, { headers: { authorization: `Bearer ${session}` } })
    expect(bearer.status).toBe(401)

    // Neither the session JWT nor a valid room token is read from the header: only ?token= counts.
    for (const credential of [session, room.token]) {
      const socket = rawSocket(room.url, room.room, '', { authorization: `Bearer ${credential}` })
      expect((await socket.closed).code).toBe(4401)
      expect(socket.messages).toEqual([])
    }
  })
})

describe('A15: middleware bypass header', () => {
  it.each([
    ['GET', '/api/boards'],
    ['POST', '/api/boards'],
    ['GET', '/api/interviews'],
    ['GET', '/api/rooms/some-board'],
    ['GET', '/api/groups'],
  ])('%s %s with x-middleware-subrequest is still 401', async (method, path) => {
    for (const value of ['middleware:middleware:middleware:middleware:middleware', 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware', 'pages/_middleware']) {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { 'x-middleware-subrequest': value, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.15' },
        body: method === 'POST' ? JSON.stringify({ title: 'bypass' }) : undefined,
      })
      expect(res.status, value).toBe(401)
    }
  })
})

describe('W7: no open redirect through callbackUrl', () => {
  const hostile = [EVIL, '//evil.example', '/\\evil.example', 'javascript:alert(1)']

  function expectOnAppOrigin(res: Response, what: string): void {
    const location = res.headers.get('location')
    expect(location, what).toBeTruthy()
    const target = new URL(location ?? '', server.baseUrl)
    expect(target.origin, `${what}: ${location}`).toBe(server.baseUrl)
  }

  it.each(hostile)('sign-in, sign-out and the sign-in page keep %s on the app origin', async (callbackUrl) => {
    const fresh = new WebClient(server.baseUrl)
    const { csrfToken } = (await (await fresh.fetch('/api/auth/csrf')).json()) as { csrfToken: string }
    const form = (fields: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })
    const signIn = await fresh.fetch('/api/auth/callback/credentials', form({ csrfToken, email: owner.email, password: owner.password, callbackUrl }))
    expect(signIn.status).toBe(302)
    expectOnAppOrigin(signIn, 'credentials callback')

    expectOnAppOrigin(await fresh.fetch(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`), 'GET /api/auth/signin')
    // Signed in, the sign-in page sends the person straight on to the callback.
    const page = await fresh.fetch(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`)
    expect(page.status).toBeGreaterThanOrEqual(300)
    expect(page.status).toBeLessThan(400)
    expectOnAppOrigin(page, 'GET /signin')

    const signOut = await fresh.fetch('/api/auth/signout', form({ csrfToken, callbackUrl }))
    expect(signOut.status).toBe(302)
    expectOnAppOrigin(signOut, 'sign-out')
  })
})

describe('W4: CORS', () => {
  it('no API route grants a foreign origin, in answers or in preflights', async () => {
    const boardId = await createBoard(owner)
    const paths = ['/api/health', '/api/cluster', '/api/templates', '/api/boards', `/api/boards/${boardId}`, `/api/rooms/${boardId}`, '/api/auth/session', '/api/auth/csrf']
    for (const path of paths) {
      const res = await owner.client.fetch(path, { headers: { origin: EVIL, 'x-forwarded-for': '198.51.100.16' } })
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull()
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull()
      const preflight = await fetch(`${server.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: { origin: EVIL, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'content-type', 'x-forwarded-for': '198.51.100.16' },
      })
      expect(preflight.headers.get('access-control-allow-origin'), `OPTIONS ${path}`).toBeNull()
      expect(preflight.headers.get('access-control-allow-methods'), `OPTIONS ${path}`).toBeNull()
    }
  })
})

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** Another id of the same shape as `id`: the server cannot tell it apart before the database. */
function missingIdLike(id: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return id.slice(0, 1) + Array.from(id.slice(1), () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')
}

describe('A5: board IDOR', () => {
  it("a non-member's 404 is a missing board's 404: same status, same body, on every route", async () => {
    const boardId = await createBoard(owner)
    const missing = missingIdLike(boardId)
    const attempts: Array<[string, string, unknown]> = [
      ['GET', '/api/boards/ID', undefined],
      ['PATCH', '/api/boards/ID', { title: 'Mine now' }],
      ['DELETE', '/api/boards/ID', undefined],
      ['GET', '/api/boards/ID/shares', undefined],
      ['POST', '/api/boards/ID/shares', { role: 'editor' }],
      ['GET', '/api/rooms/ID', undefined],
    ]
    for (const [method, template, body] of attempts) {
      const ask = async (id: string): Promise<[number, string]> => {
        const res = await (body === undefined ? stranger.client.fetch(template.replace('ID', id), { method }) : stranger.client.json(template.replace('ID', id), method, body))
        return [res.status, await res.text()]
      }
      const [forbidden, absent] = [await ask(boardId), await ask(missing)]
      expect(forbidden[0], `${method} ${template}`).toBe(404)
      expect(forbidden, `${method} ${template}`).toEqual(absent)
    }
    expect(await (await owner.client.fetch(`/api/boards/${boardId}`)).json()).toMatchObject({ title: 'Design a URL shortener' })
  })

  it("a non-member's 404 takes as long as a missing board's (medians of 30, interleaved)", async () => {
    const boardId = await createBoard(owner)
    const missing = missingIdLike(boardId)
    const timed = async (id: string): Promise<number> => {
      const started = performance.now()
      const res = await stranger.client.fetch(`/api/boards/${id}`)
      await res.arrayBuffer()
      expect(res.status).toBe(404)
      return performance.now() - started
    }
    // Warm-up: the first requests of a route pay for JIT and the database's page cache.
    for (let i = 0; i < 5; i++) await Promise.all([timed(boardId), timed(missing)])
    const forbidden: number[] = []
    const absent: number[] = []
    // Interleaved, alternating which goes first, so drift and contention hit both series alike.
    for (let i = 0; i < 30; i++) {
      if (i % 2 === 0) {
        forbidden.push(await timed(boardId))
        absent.push(await timed(missing))
      } else {
        absent.push(await timed(missing))
        forbidden.push(await timed(boardId))
      }
    }
    const [a, b] = [median(forbidden), median(absent)]
    console.info(`A5 timing: non-member median ${a.toFixed(2)} ms, missing-id median ${b.toFixed(2)} ms`)
    // Same class: within 3x of each other, or within 5 ms when both are tiny. An existence oracle
    // of the kind that matters (a second query, a password hash) costs far more than either.
    expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(5, 2 * Math.min(a, b)))
  })
})

describe('A6: revoking a share through the REST route', () => {
  it('closes the link holder\'s open socket within 5 s and refuses new lookups and the old token', async () => {
    const boardId = await createBoard(owner)
    const share = await createShare(owner, boardId, 'editor')
    const guest = new WebClient(server.baseUrl)
    const room = await lookup(guest, boardId, share.token)
    const open = connectClient(room.url, room.room, room.token)
    try {
      await waitForSynced(open, 10_000)
      const revokedAt = Date.now()
      expect((await owner.client.fetch(`/api/boards/${boardId}/shares/${share.id}`, { method: 'DELETE' })).status).toBe(204)
      await waitFor(() => open.closeCodes.includes(4403), 'the link holder is closed with 4403', 5_000)
      console.info(`A6: socket closed ${Date.now() - revokedAt} ms after DELETE was sent`)
      open.provider.disconnect()
    } finally {
      open.destroy()
    }
    expect((await guest.fetch(`/api/rooms/${boardId}?share=${share.token}`)).status).toBe(403)
    // The token issued before the revocation has not expired, but the node refuses it.
    const replay = rawSocket(room.url, room.room, room.token)
    expect((await replay.closed).code).toBe(4403)
  })
})
