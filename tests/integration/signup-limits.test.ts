// Sign-ups are limited per client address (app/api/signup/route.ts), and the address is the one
// the server saw on the socket: a second loopback address (127.0.0.2) is another client, and a
// forged X-Forwarded-For is ignored (lib/http/client-address.ts). Its own server with a small
// SIGNUP_LIMIT_PER_HOUR, so the test does not need 100 scrypt hashes to reach the limit.
import { request } from 'node:http'
import { join as joinPath } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '@/generated/sqlite/client'
import { startAppServer, type AppServer } from '../helpers/app-server'

const LIMIT = 5

let server: AppServer
let db: PrismaClient

beforeAll(async () => {
  server = await startAppServer({ env: { SIGNUP_LIMIT_PER_HOUR: String(LIMIT) } })
  db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${joinPath(server.dataDir, 'designroom.db')}`, timeout: 10_000 }) })
}, 120_000)
afterAll(async () => {
  await db?.$disconnect()
  await server?.dispose()
})

type Answer = { status: number; retryAfter: string | undefined; body: unknown }

let counter = 0
function newEmail(label: string): string {
  counter += 1
  return `${label}-${Date.now().toString(36)}-${counter}@example.test`
}

/** A sign-up sent from `localAddress` (any 127.x address reaches the server's 127.0.0.1). */
function signUpFrom(localAddress: string, email: string, headers: Record<string, string> = {}): Promise<Answer> {
  const payload = JSON.stringify({ email, name: 'Limited', password: 'pw-limited-secret' })
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/api/signup', method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          const header = res.headers['retry-after']
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(header) ? header[0] : header, body: JSON.parse(text) as unknown })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

function accountExists(email: string): Promise<boolean> {
  return db.user.count({ where: { email } }).then((n) => n > 0)
}

describe('sign-up limits per client', () => {
  it(`the ${LIMIT + 1}th sign-up from one address is 429 and creates no account; another address is unaffected; X-Forwarded-For changes nothing`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      // Each attempt claims another forwarded address: the server must not believe any of them.
      expect((await signUpFrom('127.0.0.1', newEmail('class'), { 'x-forwarded-for': `203.0.113.${i + 1}` })).status).toBe(201)
    }

    const refusedEmail = newEmail('one-too-many')
    const refused = await signUpFrom('127.0.0.1', refusedEmail)
    expect(refused.status).toBe(429)
    expect(refused.body).toEqual({ error: expect.stringMatching(/^too many sign-ups from this network; try again in \d+ minutes?$/) as unknown })
    const retryAfter = Number(refused.retryAfter)
    expect(Number.isInteger(retryAfter) && retryAfter > 3_500 && retryAfter <= 3_600).toBe(true)
    expect(await accountExists(refusedEmail)).toBe(false)

    const spoofedEmail = newEmail('spoofed')
    const spoofed = await signUpFrom('127.0.0.1', spoofedEmail, { 'x-forwarded-for': '198.51.100.7' })
    expect(spoofed.status).toBe(429)
    expect(await accountExists(spoofedEmail)).toBe(false)

    const neighbourEmail = newEmail('neighbour')
    expect((await signUpFrom('127.0.0.2', neighbourEmail)).status).toBe(201)
    expect(await accountExists(neighbourEmail)).toBe(true)
  })
})
