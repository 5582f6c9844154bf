// Interview mode end to end: an interviewer with an account and a candidate without one, in two
// browser contexts against the production build. The candidate's every response body and
// WebSocket frame is recorded, and the interviewer's private note must appear in none of them.
import type { Page } from '@playwright/test'
import { drawRectangle, shapeCount, signUp, waitForBoard } from './actions'
import { receivedBodies, recordTraffic } from './capture'
import { expect, newUser, openContext, test } from './fixtures'

/** The centre of the page's viewport in page coordinates. */
function viewCenter(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const c = window.__designroom!.editor.getViewportPageBounds().center
    return { x: c.x, y: c.y }
  })
}

async function moveCamera(page: Page, x: number, y: number): Promise<void> {
  await page.evaluate(([x, y]) => window.__designroom!.editor.setCamera({ x, y, z: 1 }), [x, y] as const)
}

/** Whether two pages look at the same spot, within a few page pixels. */
async function sameView(a: Page, b: Page): Promise<boolean> {
  const [p, q] = await Promise.all([viewCenter(a), viewCenter(b)])
  return Math.hypot(p.x - q.x, p.y - q.y) < 5
}

async function replayFrameCount(page: Page, id: string): Promise<number> {
  const res = await page.request.get(`/api/interviews/${id}/replay`)
  if (!res.ok()) return -1
  const body = (await res.json()) as { frames: unknown[] }
  return body.frames.length
}

test('a candidate joins by link, follows the shared timer and sees revealed hints but never the notes; the summary replays the board', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const canary = `canary-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

  // The interviewer makes an interview from a template with two one-minute phases.
  const interviewer = await openContext(browser, server.baseUrl)
  interviewer.page.on('dialog', (dialog) => void dialog.accept())
  await signUp(interviewer.page, newUser('interviewer'))
  await interviewer.page.goto('/interviews')
  await interviewer.page.getByTestId('interview-template').selectOption('url-shortener')
  await interviewer.page.getByTestId('interview-title').fill('Mock: URL shortener')
  while ((await interviewer.page.locator('[data-testid^="phase-remove-"]').count()) > 2) {
    await interviewer.page.getByTestId('phase-remove-2').click()
  }
  await interviewer.page.getByTestId('phase-name-0').fill('Warm-up')
  await interviewer.page.getByTestId('phase-minutes-0').fill('1')
  await interviewer.page.getByTestId('phase-name-1').fill('Design')
  await interviewer.page.getByTestId('phase-minutes-1').fill('1')
  await interviewer.page.screenshot({ path: 'test-results/interview-new.png', fullPage: true })
  await interviewer.page.getByTestId('create-interview').click()
  await expect(interviewer.page).toHaveURL(/\/interviews\/[^/]+$/)
  const interviewId = new URL(interviewer.page.url()).pathname.split('/').pop()!
  await waitForBoard(interviewer.page)
  await expect(interviewer.page.getByTestId('interview-role')).toHaveText('Interviewer')
  await interviewer.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl })
  await interviewer.page.getByTestId('invite-copy').click()
  await expect(interviewer.page.getByTestId('invite-copy')).toHaveText('Copied')
  const inviteUrl = await interviewer.page.evaluate(() => navigator.clipboard.readText())
  expect(inviteUrl).toBe(await interviewer.page.getByTestId('invite-url').inputValue())
  expect(inviteUrl).toContain('/i/')

  // The candidate, with no account, opens the link and enters a name.
  const candidate = await openContext(browser, server.baseUrl)
  const traffic = recordTraffic(candidate.page)
  await candidate.page.goto(inviteUrl)
  await expect(candidate.page.getByRole('heading', { name: "You're invited to a mock interview" })).toBeVisible()
  await candidate.page.getByTestId('join-name').fill('Casey Candidate')
  await candidate.page.getByTestId('join-submit').click()
  await expect(candidate.page).toHaveURL(new RegExp(`/interviews/${interviewId}$`))
  await waitForBoard(candidate.page)
  await expect(candidate.page.getByTestId('interview-role')).toHaveText('Candidate')
  await expect(candidate.page.getByTestId('prompt-statement')).toContainText(/short/i)
  await expect(candidate.page.getByTestId('timer')).toHaveAttribute('data-status', 'not-started')
  await expect(interviewer.page.getByTestId('invite-box')).toHaveAttribute('data-state', 'claimed')

  // The used invite link, opened by someone else, says so (on the page, before any form).
  const stranger = await openContext(browser, server.baseUrl)
  await stranger.page.goto(inviteUrl)
  await expect(stranger.page.getByTestId('invite-page')).toHaveAttribute('data-state', 'claimed')
  await expect(stranger.page.getByTestId('invite-problem')).toHaveText('This invite link has already been used')
  await expect(stranger.page.getByTestId('join-name')).toHaveCount(0)
  await stranger.page.screenshot({ path: 'test-results/interview-invite-used.png' })

  // Follow mode: the interviewer follows the candidate's viewport from the people strip...
  await interviewer.page.locator('[data-testid^="follow-peer-"][data-name$="(candidate)"]').click()
  await expect(interviewer.page.getByTestId('follow-leader')).toHaveText('Casey Candidate (candidate)')
  await moveCamera(candidate.page, -2400, -1300)
  await expect.poll(() => sameView(interviewer.page, candidate.page), { timeout: 10_000 }).toBe(true)
  await interviewer.page.getByRole('button', { name: 'Stop following' }).click()
  await expect(interviewer.page.getByTestId('follow-banner')).toHaveCount(0)
  // ...and brings the candidate to their own view; the candidate can see who they follow.
  await moveCamera(interviewer.page, 300, 200)
  await interviewer.page.getByTestId('lead-toggle').click()
  await expect(interviewer.page.getByTestId('lead-toggle')).toHaveText('Stop leading')
  await expect(candidate.page.getByTestId('follow-leader')).toHaveText(/\(interviewer\)$/, { timeout: 10_000 })
  await expect.poll(() => sameView(candidate.page, interviewer.page), { timeout: 10_000 }).toBe(true)
  await moveCamera(interviewer.page, 900, 700)
  await expect.poll(() => sameView(candidate.page, interviewer.page), { timeout: 10_000 }).toBe(true)
  await candidate.page.screenshot({ path: 'test-results/interview-candidate-following.png' })
  await interviewer.page.getByTestId('lead-toggle').click()
  await expect(candidate.page.getByTestId('follow-banner')).toHaveCount(0, { timeout: 10_000 })
  await moveCamera(candidate.page, 0, 0)

  await interviewer.page.screenshot({ path: 'test-results/interview-room-interviewer.png' })
  await candidate.page.screenshot({ path: 'test-results/interview-room-candidate.png' })
  // The interviewer starts the clock: the candidate's timer runs in the first phase.
  await interviewer.page.getByTestId('clock-start').click()
  await expect(candidate.page.getByTestId('timer')).toHaveAttribute('data-status', 'running', { timeout: 5_000 })
  await expect(candidate.page.getByTestId('timer-phase')).toHaveText('Warm-up')
  const shown = await candidate.page.getByTestId('timer-remaining').textContent()
  await expect(candidate.page.getByTestId('timer-remaining')).not.toHaveText(shown!, { timeout: 3_000 })

  // The candidate draws; the board's checkpoints pick it up for the replay.
  const before = await shapeCount(candidate.page)
  await drawRectangle(candidate.page, 400, 300)
  await expect.poll(() => shapeCount(interviewer.page)).toBe(before + 1)

  // A private note with the canary, and a hint revealed to the candidate.
  await interviewer.page.getByTestId('note-text').fill(`Strong start; ${canary}`)
  await interviewer.page.getByTestId('note-add').click()
  await expect(interviewer.page.getByTestId('note-list')).toContainText(canary)
  await interviewer.page.getByTestId('hint-reveal-0').click()
  await expect(interviewer.page.getByTestId('hint-revealed-0')).toBeVisible()
  await expect(candidate.page.getByTestId('revealed-hint-0')).toBeVisible({ timeout: 5_000 })

  // The candidate tries the interviewer's endpoints directly: nothing.
  for (const path of ['replay', 'summary.md']) {
    const res = await candidate.page.request.get(`/api/interviews/${interviewId}/${path}`)
    expect(res.ok(), path).toBe(false)
    expect(await res.text()).not.toContain(canary)
  }

  // A second checkpoint with a second shape, so the replay has growth to show.
  await expect.poll(() => replayFrameCount(interviewer.page, interviewId), { timeout: 30_000, intervals: [1000] }).toBeGreaterThanOrEqual(1)
  const framesBefore = await replayFrameCount(interviewer.page, interviewId)
  await drawRectangle(interviewer.page, 600, 450)
  await expect.poll(() => shapeCount(candidate.page)).toBe(before + 2)
  await expect.poll(() => replayFrameCount(interviewer.page, interviewId), { timeout: 30_000, intervals: [1000] }).toBeGreaterThan(framesBefore)

  // Several polls later, the candidate's traffic and page still never held the note.
  await candidate.page.waitForTimeout(2_500)
  const bodies = await receivedBodies(traffic)
  expect(bodies.filter((b) => b.text && new URL(b.url).pathname.startsWith('/api/interviews/')).length).toBeGreaterThan(5)
  expect(traffic.frames.length).toBeGreaterThan(0)
  expect(bodies.filter((b) => b.text?.includes(canary)).map((b) => b.url)).toEqual([])
  expect(traffic.frames.filter((f) => f.includes(canary))).toEqual([])
  expect(await candidate.page.content()).not.toContain(canary)

  // The interviewer ends the interview; the candidate sees so.
  await interviewer.page.getByTestId('clock-end').click()
  await expect(interviewer.page.getByTestId('clock-ended')).toBeVisible()
  await expect(candidate.page.getByRole('heading', { name: 'The interview has ended' })).toBeVisible({ timeout: 5_000 })
  expect(await candidate.page.content()).not.toContain(canary)

  // The summary: the note, the replay (scrubbing back shows fewer shapes), the markdown.
  await interviewer.page.getByTestId('open-summary').click()
  await expect(interviewer.page.getByTestId('summary-notes')).toContainText(canary)
  const frame = interviewer.page.getByTestId('replay-frame')
  await expect(frame).toBeVisible()
  const finalShapes = Number(await frame.getAttribute('data-shapes'))
  expect(finalShapes).toBeGreaterThanOrEqual(before + 2)
  const scrubber = interviewer.page.getByTestId('replay-scrubber')
  await scrubber.fill((await scrubber.getAttribute('min'))!)
  await expect(frame).toHaveAttribute('data-index', '0')
  expect(Number(await frame.getAttribute('data-shapes'))).toBeLessThan(finalShapes)
  await expect(interviewer.page.locator('.tl-shape').first()).toBeVisible()
  const download = interviewer.page.waitForEvent('download')
  await interviewer.page.getByTestId('summary-download').click()
  const file = await (await download).path()
  const { readFile } = await import('node:fs/promises')
  expect(await readFile(file, 'utf8')).toContain(canary)
  await interviewer.page.screenshot({ path: 'test-results/interview-summary.png', fullPage: true })
  await frame.screenshot({ path: 'test-results/interview-replay-start.png' })

  // The interview is on the interviewer's list, ended.
  await interviewer.page.goto('/interviews')
  await expect(interviewer.page.getByTestId(`interview-item-${interviewId}`)).toContainText('Ended')
  await expect(interviewer.page.getByTestId(`interview-item-${interviewId}`)).toContainText('Casey Candidate')

  expect(interviewer.errors).toEqual([])
  expect(candidate.errors).toEqual([])
  await Promise.all([interviewer.context.close(), candidate.context.close(), stranger.context.close()])
})
