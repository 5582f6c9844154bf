// The Content-Security-Policy (proxy.ts) on the real server: every page and API answer carries it,
// scripts run only by a per-response nonce that every script tag of the page carries, and board
// sockets may go only to this origin and the sync nodes SYNC_ORIGINS names. The browser's
// side (no violations while the app is used, an injected script does not run) is
// tests/e2e/csp.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

let server: AppServer
let owner: SignedInUser
let boardPath: string

// Sync nodes on other origins, as in scale-out. The embedded default (connect-src 'self' only) is
// checked in the browser by tests/e2e/csp.spec.ts.
const SYNC_ORIGINS = ['wss://sync.example.test', 'wss://*.nodes.example.test:8443']

beforeAll(async () => {
  server = await startAppServer({ env: { SYNC_ORIGINS: SYNC_ORIGINS.join(', ') } })
  owner = await signedInUser(server.baseUrl, 'csp')
  const res = await owner.client.json('/api/boards', 'POST', { title: 'Policy' })
  expect(res.status).toBe(201)
  boardPath = `/b/${((await res.json()) as { id: string }).id}`
}, 120_000)
afterAll(async () => {
  await server?.dispose()
})

type Policy = Map<string, string[]>

function parsePolicy(header: string | null): Policy {
  expect(header, 'no Content-Security-Policy header').toBeTruthy()
  const policy: Policy = new Map()
  for (const directive of (header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/)
    if (name) policy.set(name.toLowerCase(), sources)
  }
  return policy
}

function nonceOf(policy: Policy): string {
  const nonces = (policy.get('script-src') ?? []).flatMap((s) => /^'nonce-(.+)'$/.exec(s)?.[1] ?? [])
  expect(nonces).toHaveLength(1)
  return nonces[0] ?? ''
}

/** The fetch a signed-in owner's browser would make, without following redirects. */
async function answer(path: string, init: RequestInit = {}): Promise<{ status: number; policy: Policy; body: string; nosniff: string | null }> {
  const res = await owner.client.fetch(path, init)
  return { status: res.status, policy: parsePolicy(res.headers.get('content-security-policy')), body: await res.text(), nosniff: res.headers.get('x-content-type-options') }
}

const pages = ['/', '/signin', '/signup', '/dashboard', '/templates', '/cluster', '/interviews', '/groups', '/no-such-page']
const apis: Array<[string, RequestInit]> = [
  ['/api/health', {}],
  ['/api/templates', {}],
  ['/api/boards', {}],
  ['/api/rooms/no-such-board', {}],
  ['/api/auth/session', {}],
  ['/api/auth/csrf', {}],
  ['/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
]

describe('Content-Security-Policy', () => {
  it('every page (signed in, signed out, the board, a 404) and every API answer carries the whole policy, and nosniff', async () => {
    const answers = [...pages, boardPath].map((path) => answer(path)).concat(apis.map(([path, init]) => answer(path, init)))
    const anonymous = await fetch(`${server.baseUrl}/dashboard`, { redirect: 'manual' })
    const all = [...(await Promise.all(answers)), { policy: parsePolicy(anonymous.headers.get('content-security-policy')), nosniff: anonymous.headers.get('x-content-type-options') }]
    // W5: no answer may be sniffed into another type (an exported file read as HTML, say).
    expect(all.map((a) => a.nosniff)).toEqual(all.map(() => 'nosniff'))
    for (const { policy } of all) {
      const script = policy.get('script-src') ?? []
      expect(script).toContain("'strict-dynamic'")
      expect(nonceOf(policy)).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(script).not.toContain("'unsafe-inline'")
      expect(script).not.toContain("'unsafe-eval'")
      expect(policy.get('default-src')).toEqual(["'self'"])
      expect(policy.get('object-src')).toEqual(["'none'"])
      expect(policy.get('base-uri')).toEqual(["'self'"])
      expect(policy.get('form-action')).toEqual(["'self'"])
      expect(policy.get('frame-ancestors')).toEqual(["'none'"])
      // Exactly the configured nodes: no scheme-wide ws:/wss: and no other host.
      expect(policy.get('connect-src')).toEqual(["'self'", 'blob:', 'data:', ...SYNC_ORIGINS])
      expect(policy.get('img-src')).toEqual(["'self'", 'blob:', 'data:'])
    }
  })

  it('every script tag of a page carries its response’s nonce, and no two responses share a nonce', async () => {
    const seen = new Set<string>()
    for (const path of ['/templates', '/interviews', '/dashboard', boardPath, '/cluster', '/no-such-page']) {
      for (let i = 0; i < 3; i++) {
        const { status, policy, body } = await answer(path)
        expect([200, 404]).toContain(status)
        const nonce = nonceOf(policy)
        seen.add(nonce)
        const tags = [...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
        expect(tags.length, `${path} has no scripts to check`).toBeGreaterThan(0)
        for (const tag of tags) expect(tag, path).toContain(` nonce="${nonce}"`)
      }
    }
    expect(seen.size).toBe(18)
  })

  // CVE-2025-29927: this header once made Next skip middleware (now proxy.ts) altogether.
  it.each(['proxy:proxy:proxy:proxy:proxy', 'middleware:middleware:middleware:middleware:middleware', 'src/proxy:src/proxy:src/proxy:src/proxy:src/proxy'])(
    'x-middleware-subrequest: %s does not skip the policy',
    async (value) => {
      const { policy, body } = await answer('/templates', { headers: { 'x-middleware-subrequest': value } })
      const nonce = nonceOf(policy)
      expect(policy.get('frame-ancestors')).toEqual(["'none'"])
      for (const [tag] of body.matchAll(/<script\b[^>]*>/g)) expect(tag).toContain(` nonce="${nonce}"`)
    },
  )
})
