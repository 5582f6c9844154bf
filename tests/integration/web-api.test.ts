// The web tier's HTTP contract (docs/api.md) against the real server: server/main.ts with its
// embedded sync node, a fresh SQLite file, sign-in through next-auth's own credentials flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { WebClient } from '../helpers/web-client'

let server: AppServer

beforeAll(async () => {
  server = await startAppServer()
})

afterAll(async () => {
  await server?.dispose()
})

let counter = 0
async function newUser(label: string): Promise<{ client: WebClient; id: string; email: string; password: string; name: string }> {
  counter += 1
  const email = `${label}-${Date.now().toString(36)}-${counter}@example.test`
  const password = `pw-${label}-${counter}-secret`
  const name = `${label} ${counter}`
  const client = new WebClient(server.baseUrl)
  const res = await client.json('/api/signup', 'POST', { email, name, password })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  const signedIn = await client.signIn(email, password)
  expect(signedIn.status).toBe(200)
  expect([...client.cookies.keys()].some((k) => k.endsWith('next-auth.session-token'))).toBe(true)
  return { client, id, email, password, name }
}

async function createBoard(client: WebClient, title = 'Design a URL shortener'): Promise<string> {
  const res = await client.json('/api/boards', 'POST', { title })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

describe('health', () => {
  it('reports ok with the package version and a reachable database', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  })
})

describe('signup and sign-in', () => {
  it('creates an account once: 201, then 409 for the same email in any case', async () => {
    const client = new WebClient(server.baseUrl)
    const email = `dup-${Date.now()}@example.test`
    const first = await client.json('/api/signup', 'POST', { email, name: 'Dup', password: 'long enough' })
    expect(first.status).toBe(201)
    const body = (await first.json()) as Record<string, unknown>
    expect(body).toEqual({ id: expect.any(String), email, name: 'Dup' })
    const again = await client.json('/api/signup', 'POST', { email: email.toUpperCase(), name: 'Dup', password: 'long enough' })
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ error: expect.stringContaining('already exists') })
  })

  it.each([
    ['a short password', { email: 'a@example.test', name: 'A', password: 'short' }, 'password must be at least 8'],
    ['a bad email', { email: 'nope', name: 'A', password: 'long enough' }, 'email is not a valid address'],
    ['a missing name', { email: 'b@example.test', password: 'long enough' }, 'name is required'],
    ['an over-long name', { email: 'c@example.test', name: 'n'.repeat(81), password: 'long enough' }, 'name must be at most 80'],
  ])('answers 400 with a clear message for %s', async (_label, body, message) => {
    const res = await new WebClient(server.baseUrl).json('/api/signup', 'POST', body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })

  it('answers 400 for a body that is not JSON', async () => {
    const res = await new WebClient(server.baseUrl).fetch('/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'body is not valid JSON' })
  })

  it('refuses a wrong password and gives no session', async () => {
    const { email } = await newUser('wrongpw')
    const client = new WebClient(server.baseUrl)
    const res = await client.signIn(email, 'not the password')
    expect(res.status).toBe(401)
    const body = (await res.json()) as { url: string }
    expect(body.url).toContain('error=CredentialsSignin')
    expect([...client.cookies.keys()].some((k) => k.endsWith('session-token'))).toBe(false)
  })

  it('locks an account after 10 failed sign-ins, even against the right password; others are unaffected', async () => {
    const victim = await newUser('guessed')
    const guesser = new WebClient(server.baseUrl)
    for (let i = 0; i < 10; i++) expect((await guesser.signIn(victim.email, `guess ${i}`)).status).toBe(401)
    const owner = new WebClient(server.baseUrl)
    const locked = await owner.signIn(victim.email, victim.password)
    // W8: HTTP 429 with Retry-After, and the error code next-auth's client hands to the form.
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800)
    expect(((await locked.json()) as { url: string }).url).toContain('error=TooManySignIns')
    expect([...owner.cookies.keys()].some((k) => k.endsWith('session-token'))).toBe(false)
    const bystander = await newUser('bystander')
    expect((await new WebClient(server.baseUrl).signIn(bystander.email, bystander.password)).status).toBe(200)
  })

  it('the session names the user', async () => {
    const { client, id, name } = await newUser('session')
    const session = (await (await client.fetch('/api/auth/session')).json()) as { user: { id: string; name: string } }
    expect(session.user).toMatchObject({ id, name })
  })
})

describe('boards', () => {
  it('need a session: 401 without one', async () => {
    const anon = new WebClient(server.baseUrl)
    expect((await anon.fetch('/api/boards')).status).toBe(401)
    expect((await anon.json('/api/boards', 'POST', { title: 'x' })).status).toBe(401)
    expect((await anon.fetch('/api/boards/whatever')).status).toBe(401)
  })

  it('create, list, read, rename and delete as the owner', async () => {
    const { client } = await newUser('owner')
    const created = await client.json('/api/boards', 'POST', { title: '  Rate limiter  ' })
    expect(created.status).toBe(201)
    const board = (await created.json()) as { id: string; title: string; role: string }
    expect(board).toMatchObject({ title: 'Rate limiter', role: 'owner' })

    const list = (await (await client.fetch('/api/boards')).json()) as { boards: { id: string; role: string }[] }
    expect(list.boards).toEqual([expect.objectContaining({ id: board.id, title: 'Rate limiter', role: 'owner' })])

    expect(await (await client.fetch(`/api/boards/${board.id}`)).json()).toMatchObject({ id: board.id, role: 'owner' })

    const renamed = await client.json(`/api/boards/${board.id}`, 'PATCH', { title: 'Token bucket' })
    expect(renamed.status).toBe(200)
    expect(await renamed.json()).toMatchObject({ title: 'Token bucket' })

    expect((await client.fetch(`/api/boards/${board.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await client.fetch(`/api/boards/${board.id}`)).status).toBe(404)
    expect(((await (await client.fetch('/api/boards')).json()) as { boards: unknown[] }).boards).toEqual([])
  })

  it('reject bad titles and bad bodies with 400', async () => {
    const { client } = await newUser('titles')
    for (const title of ['', '   ', 'x'.repeat(121)]) {
      const res = await client.json('/api/boards', 'POST', { title })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: expect.stringMatching(/title/) })
    }
    const id = await createBoard(client)
    expect((await client.json(`/api/boards/${id}`, 'PATCH', { title: 'y'.repeat(121) })).status).toBe(400)
    const broken = await client.fetch('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toEqual({ error: 'body is not valid JSON' })
  })

  it('an unknown id is 404', async () => {
    const { client } = await newUser('unknown')
    expect((await client.fetch('/api/boards/doesnotexist')).status).toBe(404)
    expect((await client.fetch('/api/rooms/doesnotexist')).status).toBe(404)
  })

  it('a non-member gets 404 on the board, its shares and its room, exactly as for a missing board', async () => {
    const owner = await newUser('alice')
    const stranger = await newUser('mallory')
    const id = await createBoard(owner.client)
    const missing = await stranger.client.fetch('/api/boards/doesnotexist')
    for (const res of [
      await stranger.client.fetch(`/api/boards/${id}`),
      await stranger.client.json(`/api/boards/${id}`, 'PATCH', { title: 'mine now' }),
      await stranger.client.fetch(`/api/boards/${id}`, { method: 'DELETE' }),
      await stranger.client.fetch(`/api/boards/${id}/shares`),
      await stranger.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'editor' }),
      await stranger.client.fetch(`/api/rooms/${id}`),
    ]) {
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual(await missing.clone().json())
    }
    expect((await owner.client.fetch(`/api/boards/${id}`)).status).toBe(200)
  })

  it('refuses a cross-origin state change', async () => {
    const { client } = await newUser('csrf')
    const res = await client.fetch('/api/boards', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.test' },
      body: JSON.stringify({ title: 'forged' }),
    })
    expect(res.status).toBe(403)
  })
})

describe('shares and room lookup', () => {
  it('the owner looks up the room as editor, with a token for that room', async () => {
    const { client, id: userId } = await newUser('lookup')
    const id = await createBoard(client)
    const res = await client.fetch(`/api/rooms/${id}`)
    expect(res.status).toBe(200)
    const lookup = roomLookupSchema.parse(await res.json())
    expect(lookup).toMatchObject({ room: id, role: 'editor' })
    expect(lookup.url).toBe(`ws://127.0.0.1:${server.port}/sync`)
    const claims = JSON.parse(Buffer.from(lookup.token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ aud: id, sub: userId, role: 'editor' })
    expect(new Date(lookup.expiresAt).getTime()).toBeGreaterThan(Date.now())
  })

  it('no session and no share: 401', async () => {
    expect((await new WebClient(server.baseUrl).fetch('/api/rooms/anything')).status).toBe(401)
  })

  it('a viewer link opens the room as viewer for a guest, and stops working once revoked', async () => {
    const owner = await newUser('sharer')
    const id = await createBoard(owner.client)
    const created = await owner.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'viewer' })
    expect(created.status).toBe(201)
    const share = (await created.json()) as { id: string; url: string; token: string; role: string }
    expect(share.role).toBe('viewer')
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(share.url).toBe(`${server.baseUrl}/b/${id}?share=${share.token}`)

    const listed = (await (await owner.client.fetch(`/api/boards/${id}/shares`)).json()) as { shares: Record<string, unknown>[] }
    expect(listed.shares).toEqual([expect.objectContaining({ id: share.id, role: 'viewer' })])
    expect(JSON.stringify(listed)).not.toContain(share.token)

    const guest = new WebClient(server.baseUrl)
    const lookupRes = await guest.fetch(`/api/rooms/${id}?share=${share.token}`)
    expect(lookupRes.status).toBe(200)
    const lookup = roomLookupSchema.parse(await lookupRes.json())
    expect(lookup.role).toBe('viewer')
    const claims = JSON.parse(Buffer.from(lookup.token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({ sub: `share:${share.id}`, sid: share.id, name: 'Guest (view only)', role: 'viewer' })

    expect((await owner.client.fetch(`/api/boards/${id}/shares/${share.id}`, { method: 'DELETE' })).status).toBe(204)
    const refused = await guest.fetch(`/api/rooms/${id}?share=${share.token}`)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({ error: expect.stringContaining('revoked') })
    expect(((await (await owner.client.fetch(`/api/boards/${id}/shares`)).json()) as { shares: unknown[] }).shares).toEqual([])
  })

  it('an editor link gives a guest the editor role; a bogus token is 404', async () => {
    const owner = await newUser('editorlink')
    const id = await createBoard(owner.client)
    const share = (await (await owner.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'editor' })).json()) as { token: string }
    const lookup = roomLookupSchema.parse(await (await new WebClient(server.baseUrl).fetch(`/api/rooms/${id}?share=${share.token}`)).json())
    expect(lookup.role).toBe('editor')
    expect((await new WebClient(server.baseUrl).fetch(`/api/rooms/${id}?share=${'A'.repeat(43)}`)).status).toBe(404)
    expect((await new WebClient(server.baseUrl).fetch(`/api/rooms/${id}?share=garbage`)).status).toBe(404)
  })

  it('a share token for one board opens no other board', async () => {
    const owner = await newUser('twoboards')
    const a = await createBoard(owner.client, 'A')
    const b = await createBoard(owner.client, 'B')
    const share = (await (await owner.client.json(`/api/boards/${a}/shares`, 'POST', { role: 'editor' })).json()) as { token: string }
    expect((await new WebClient(server.baseUrl).fetch(`/api/rooms/${b}?share=${share.token}`)).status).toBe(404)
  })

  it('only owners manage shares; share roles are editor or viewer', async () => {
    const owner = await newUser('roles')
    const id = await createBoard(owner.client)
    expect((await owner.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'owner' })).status).toBe(400)
    expect((await owner.client.fetch(`/api/boards/${id}/shares/nosuchshare`, { method: 'DELETE' })).status).toBe(404)
  })
})

describe('cluster status', () => {
  it('/api/cluster lists the embedded node', async () => {
    const res = await fetch(`${server.baseUrl}/api/cluster`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { nodes: Array<Record<string, unknown>> }
    // Public (no session): counts only. The embedded node registers url '', reported as the
    // same-origin sync URL the room lookup would answer for this request.
    expect(body).toEqual({
      nodes: [
        {
          id: expect.stringMatching(/^embedded-/),
          url: `ws://127.0.0.1:${server.port}/sync`,
          pid: expect.any(Number),
          rooms: expect.any(Number),
          connections: expect.any(Number),
          relay: { sentMessages: expect.any(Number), sentBytes: expect.any(Number), receivedMessages: expect.any(Number), receivedBytes: expect.any(Number) },
          lastSeen: expect.any(Number),
        },
      ],
    })
    const wss = await fetch(`${server.baseUrl}/api/cluster`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(((await wss.json()) as { nodes: Array<{ url: string }> }).nodes[0]?.url).toBe(`wss://127.0.0.1:${server.port}/sync`)
  })
})
