// GitHub and Google sign-in switch on with their environment variables and are off otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppServer, type AppServer } from '../helpers/app-server'

async function providerIds(server: AppServer): Promise<string[]> {
  const res = await fetch(`${server.baseUrl}/api/auth/providers`)
  expect(res.status).toBe(200)
  return Object.keys((await res.json()) as Record<string, unknown>).sort()
}

describe('OAuth providers', () => {
  let plain: AppServer
  let withGithub: AppServer
  beforeAll(async () => {
    ;[plain, withGithub] = await Promise.all([
      startAppServer(),
      startAppServer({ env: { GITHUB_ID: 'test-client-id', GITHUB_SECRET: 'test-client-secret' } }),
    ])
  })
  afterAll(async () => {
    await Promise.all([plain?.dispose(), withGithub?.dispose()])
  })

  it('only email and password without OAuth settings, and no OAuth button on the sign-in page', async () => {
    expect(await providerIds(plain)).toEqual(['credentials'])
    const html = await (await fetch(`${plain.baseUrl}/signin`)).text()
    expect(html).not.toContain('data-testid="oauth-github"')
  })

  it('GitHub sign-in appears when GITHUB_ID and GITHUB_SECRET are set', async () => {
    expect(await providerIds(withGithub)).toEqual(['credentials', 'github'])
    const html = await (await fetch(`${withGithub.baseUrl}/signin`)).text()
    expect(html).toContain('data-testid="oauth-github"')
    expect(html).not.toContain('data-testid="oauth-google"')
  })
})
