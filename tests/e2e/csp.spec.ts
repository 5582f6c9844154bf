// The Content-Security-Policy (proxy.ts) in real Chromium against the production build: using the
// app the way a person does (sign up, open a board, draw, the version history and its preview,
// the simulator playing) breaks no rule of the policy, and a script injected into the page without
// the nonce does not run. Its header checks on every route are tests/integration/csp.test.ts.
import type { BrowserContext, ConsoleMessage } from '@playwright/test'
import { createBoard, drawRectangle, shapeCount, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

type Violation = { page: string; directive: string; blocked: string }

/** Every securitypolicyviolation event of every document the context opens, from its first script on. */
async function watchViolations(context: BrowserContext): Promise<Violation[]> {
  const violations: Violation[] = []
  await context.exposeBinding('__reportCspViolation', (_source, violation: Violation) => void violations.push(violation))
  // An init script is the browser's own (DevTools), so the policy under test does not apply to it.
  await context.addInitScript(() => {
    const report = (window as unknown as { __reportCspViolation: (v: Violation) => void }).__reportCspViolation
    document.addEventListener('securitypolicyviolation', (e) => report({ page: location.pathname, directive: e.effectiveDirective, blocked: e.blockedURI }))
  })
  return violations
}

/** Chromium reports each refusal on the console too ("Refused to … Content Security Policy …"). */
function isCspMessage(message: ConsoleMessage): boolean {
  return /content security policy/i.test(message.text())
}

test('opening a board, drawing, the version history and the simulator break no rule; an injected script does not run', async ({ browser, server }) => {
  const { context, page, errors } = await openContext(browser, server.baseUrl)
  const violations = await watchViolations(context)
  const cspConsole: string[] = []
  page.on('console', (message) => {
    if (isCspMessage(message)) cspConsole.push(`${message.type()}: ${message.text()}`)
  })

  await signUp(page, newUser('csp'))
  const boardId = await createBoard(page, 'Policy board')
  const response = await page.goto(`/b/${boardId}`)
  // The embedded default: the board's socket goes to this origin and nowhere else.
  const policy = response?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("connect-src 'self' blob: data:;")
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic';/)
  await waitForBoard(page)

  await drawRectangle(page, 500, 350)
  await expect.poll(() => shapeCount(page)).toBe(1)

  await page.getByTestId('history-toggle').click()
  await expect(page.getByTestId('history-panel')).toBeVisible()
  await page.getByTestId('version-name-input').fill('one shape')
  await page.getByTestId('version-name-save').click()
  const version = page.getByTestId('history-panel').locator('[data-version-id][data-kind="named"]', { hasText: 'one shape' })
  await version.click()
  const preview = page.getByTestId('version-preview')
  await expect(preview.locator('.tl-shape')).toHaveCount(1)
  await page.getByTestId('preview-close').click()
  await expect(preview).toHaveCount(0)
  await page.getByTestId('history-toggle').click()

  await page.getByTestId('simulator-toggle').click()
  const panel = page.getByTestId('simulator-panel')
  await expect(panel).toBeVisible()
  await page.getByTestId('sim-play').click()
  await expect(panel).toHaveAttribute('data-playing', 'true')
  await expect(page.locator('[data-testid^="sim-chart-"] canvas').first()).toBeVisible()
  const arrivals = page.getByTestId('sim-value-arrivals')
  await expect.poll(async () => Number((await arrivals.textContent())?.replace(/,/g, '') ?? 0), { timeout: 10_000 }).toBeGreaterThan(0)

  expect(violations).toEqual([])
  expect(cspConsole).toEqual([])
  expect(errors).toEqual([])

  // What an XSS would do once markup got in. Served inside the board's HTML, as stored markup
  // would be: an inline script without the nonce, and as a control the same script carrying this
  // response's nonce, which must run (so a script that runs is seen). Then an event handler added
  // to the live DOM. (A script element created through page.evaluate proves nothing: Chromium
  // exempts DevTools' own evaluations from the page's policy.)
  await page.route(`**/b/${boardId}`, async (route) => {
    const original = await route.fetch()
    const nonce = /'nonce-([^']+)'/.exec(original.headers()['content-security-policy'] ?? '')?.[1]
    const html = await original.text()
    const injected = `<head><script nonce="${nonce}">window.__cspControl = 'ran'</script><script>window.__cspInjected = 'script'</script>`
    expect(nonce && html.includes('<head>')).toBeTruthy()
    await route.fulfill({ response: original, body: html.replace('<head>', injected) })
  })
  await page.reload()
  // Not waitForBoard: Chromium treats a document fulfilled by page.route as coming from a public
  // address and refuses its socket to 127.0.0.1 (Local Network Access), which is not our policy.
  await expect(page.getByTestId('board-status')).toBeVisible()
  await page.unroute(`**/b/${boardId}`)
  await page.evaluate(() => {
    const holder = document.createElement('div')
    holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__cspInjected = \'handler\'">'
    document.body.append(holder)
  })
  await expect.poll(() => violations.map((v) => `${v.directive} ${v.blocked}`).sort()).toEqual(['script-src-attr inline', 'script-src-elem inline'])
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __cspInjected?: string; __cspControl?: string }
    return { injected: w.__cspInjected ?? 'nothing', control: w.__cspControl ?? 'nothing' }
  })
  expect(ran).toEqual({ injected: 'nothing', control: 'ran' })
  expect(cspConsole).toHaveLength(2)
  expect(errors).toEqual([])
  await context.close()
})
