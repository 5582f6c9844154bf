// Playwright fixtures: each spec file gets its own real server (fresh SQLite) and helpers to
// create users the way a person would. Users are unique per test so tests never share state.
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { startAppServer, type AppServer } from '../helpers/app-server'

export type TestUser = { email: string; name: string; password: string }

let counter = 0
export function newUser(label: string): TestUser {
  counter += 1
  const id = `${Date.now().toString(36)}-${counter}`
  return { email: `${label}-${id}@example.test`, name: `${label[0]!.toUpperCase()}${label.slice(1)} ${counter}`, password: `pw-${id}-secret` }
}

type WorkerFixtures = { server: AppServer }

export const test = base.extend<object, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startAppServer()
      try {
        await use(server)
      } finally {
        await server.dispose()
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
})

export { expect }

/** A fresh browser context whose console errors and page errors fail the test. */
export async function openContext(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  return { context, page, errors }
}
