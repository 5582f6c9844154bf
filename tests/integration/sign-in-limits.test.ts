// Failed sign-ins are limited per client address, and the address is the one the server saw: a
// guesser cannot reset their count by forging X-Forwarded-For (lib/http/client-address.ts). Its own
// server, because the test uses up the limit for 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { WebClient, signedInUser } from '../helpers/web-client'

let server: AppServer

beforeAll(async () => {
  server = await startAppServer()
}, 120_000)
afterAll(async () => {
  await server?.dispose()
})

/** A sign-in attempt that claims to come from `forwardedFor`. */
async function signInAs(email: string, password: string, forwardedFor: string): Promise<{ status: number; url: string }> {
  const client = new WebClient(server.baseUrl)
  const body: unknown = await (await client.fetch('/api/auth/csrf')).json()
  const csrfToken = (body as { csrfToken: string }).csrfToken
  const res = await client.fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }).toString(),
  })
  return { status: res.status, url: ((await res.json()) as { url: string }).url }
}

describe('sign-in limits per client', () => {
  it('50 failures from one address block it, whatever X-Forwarded-For claims', async () => {
    const person = await signedInUser(server.baseUrl, 'limited')
    for (let i = 0; i < 50; i++) {
      const failed = await signInAs(`nobody-${i}@example.test`, 'wrong', `203.0.113.${i + 1}`)
      expect(failed.status).toBe(401)
      expect(failed.url).toContain('error=CredentialsSignin')
    }
    // The right password from the blocked address: refused with 429 (W8), before it is checked.
    const blocked = await signInAs(person.email, person.password, '198.51.100.1')
    expect(blocked.status).toBe(429)
    expect(blocked.url).toContain('error=TooManySignIns')
  })
})
