// Simulator runs on an interview's time line: the interviewer runs a simulator on the interview
// board, and the summary's replay shows that run at the frame where it was recorded (title,
// changed knob, failure injected), nothing before it, and a Re-run link that encodes the same run.
import type { Page } from '@playwright/test'
import { decodeFrame } from '@/lib/interviews/replay-frames.client'
import { simRunOfRecords } from '@/lib/interviews/sim-timeline'
import { getSimulator } from '@/lib/sim/registry'
import { decodeRunLink, RUN_PARAM } from '@/lib/sim/run-link'
import type { SharedRun } from '@/lib/sim/shared-run'
import { drawRectangle, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

/** The simulator record in each replay frame the API returns (null where there is none). */
async function replayRuns(page: Page, id: string): Promise<Array<SharedRun | null>> {
  const res = await page.request.get(`/api/interviews/${id}/replay`)
  if (!res.ok()) return []
  const body = (await res.json()) as { frames: Array<{ update: string }> }
  return body.frames.map((f) => simRunOfRecords(Object.values(decodeFrame(f.update).store)))
}

function sharedRecord(page: Page): Promise<SharedRun | null> {
  return page.evaluate(() => ((window.__designroom?.editor.getDocumentSettings().meta as Record<string, unknown> | undefined)?.simulator ?? null) as SharedRun | null)
}

test('an interview replay shows a simulator run at its time', async ({ browser, server }) => {
  test.setTimeout(150_000)
  const title = getSimulator('load-balancing')!.title
  const { page, errors } = await openContext(browser, server.baseUrl)
  page.on('dialog', (dialog) => void dialog.accept())
  await signUp(page, newUser('simint'))

  // An interview with one short phase; no candidate is needed for the replay.
  await page.goto('/interviews')
  await page.getByTestId('interview-template').selectOption('url-shortener')
  await page.getByTestId('interview-title').fill('Mock: simulator on the timeline')
  while ((await page.locator('[data-testid^="phase-remove-"]').count()) > 1) await page.getByTestId('phase-remove-1').click()
  await page.getByTestId('phase-name-0').fill('Design')
  await page.getByTestId('phase-minutes-0').fill('5')
  await page.getByTestId('create-interview').click()
  await expect(page).toHaveURL(/\/interviews\/[^/]+$/)
  const interviewId = new URL(page.url()).pathname.split('/').pop()!
  await waitForBoard(page)
  await page.getByTestId('clock-start').click()

  // A first checkpoint from before the simulator was opened.
  await drawRectangle(page, 600, 450)
  await expect.poll(async () => (await replayRuns(page, interviewId)).length, { timeout: 30_000, intervals: [1000] }).toBeGreaterThanOrEqual(1)
  expect((await replayRuns(page, interviewId))[0]).toBeNull()

  // The simulator: load balancing, six servers, playing, one server failed.
  await page.getByTestId('simulator-toggle').click()
  const panel = page.getByTestId('simulator-panel')
  await expect(panel).toBeVisible()
  await page.getByTestId('sim-select').selectOption('load-balancing')
  await expect(panel).toHaveAttribute('data-simulator', 'load-balancing')
  await page.getByTestId('sim-knob-servers').fill('6')
  await expect(page.getByTestId('sim-knob-value-servers')).toHaveText('6')
  await expect.poll(async () => (await sharedRecord(page))?.params.servers).toBe(6)
  await page.getByTestId('sim-play').click()
  await expect(panel).toHaveAttribute('data-playing', 'true')
  await page.getByTestId('sim-view').scrollIntoViewIfNeeded()
  await page.getByTestId('sim-node-s2').click()
  await expect(page.getByTestId('sim-node-s2')).toHaveAttribute('data-state', 'failed')
  const record = (await sharedRecord(page))!
  expect(record.failures.map((f) => f.node)).toEqual(['s2'])

  // Wait for a checkpoint holding that record.
  await expect
    .poll(async () => (await replayRuns(page, interviewId)).some((r) => r?.params.servers === 6 && r.playing && r.failures.length === 1), { timeout: 40_000, intervals: [1000] })
    .toBe(true)

  await page.getByTestId('clock-end').click()
  await expect(page.getByTestId('clock-ended')).toBeVisible()
  await page.getByTestId('open-summary').click()

  // The end of the time line: the run as it was.
  const box = page.getByTestId('replay-sim')
  const scrubber = page.getByTestId('replay-scrubber')
  await expect(scrubber).toBeVisible()
  await scrubber.fill((await scrubber.getAttribute('max'))!)
  await expect(box).toHaveAttribute('data-simulator', 'load-balancing')
  await expect(page.getByTestId('replay-sim-title')).toHaveText(title)
  await expect(page.getByTestId('replay-sim-params')).toContainText('Servers = 6')
  await expect(page.getByTestId('replay-sim-failures')).toContainText('s2 failed')
  await expect(page.getByTestId('replay-sim-playing')).toContainText('Playing')
  await expect(page.getByTestId('replay-sim-seed')).toHaveText(String(record.seed))
  await expect(page.getByTestId('replay-sim-mark').first()).toBeAttached()
  expect(await page.getByTestId('replay-sim-mark').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-kinds')).join(' '))).toMatch(/run.*play|play.*run/)
  await page.screenshot({ path: 'test-results/interview-sim-end.png', fullPage: true })

  // The Re-run link opens the same run: simulator, parameters, seed and failures.
  const href = (await page.getByTestId('replay-sim-rerun').getAttribute('href'))!
  const url = new URL(href, server.baseUrl)
  expect(url.pathname).toMatch(/^\/b\/[^/]+$/)
  const link = decodeRunLink(url.searchParams.get(RUN_PARAM))
  expect(link).not.toBeNull()
  expect(link!.id).toBe('load-balancing')
  expect(link!.params).toEqual(record.params)
  expect(link!.seed).toBe(record.seed)
  expect(link!.failures).toEqual(record.failures)
  expect(link!.t).toBeGreaterThanOrEqual(record.failures[0]!.at)

  // The start: no run yet.
  await scrubber.fill((await scrubber.getAttribute('min'))!)
  await expect(page.getByTestId('replay-frame')).toHaveAttribute('data-index', '0')
  await expect(box).toHaveAttribute('data-state', 'none')
  await expect(box).toContainText('No simulator run yet')
  await expect(page.getByTestId('replay-sim-rerun')).toHaveCount(0)

  // A simulator mark jumps back to the frame where the run was first recorded.
  await page.getByTestId('replay-sim-mark').first().click()
  await expect(box).toHaveAttribute('data-simulator', 'load-balancing')

  expect(errors).toEqual([])
})
