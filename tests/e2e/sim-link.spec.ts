// Run links (issue 9): a run is reproducible from a link. The owner sets up a caching run, pauses
// it and copies a link; a second person opens the link in another browser and sees the identical
// run (same parameters, seed, clock and chart, to the last digit) as a local view that leaves the
// board's shared run alone, goes back to the board's run, then applies the link for everyone.
import type { Page } from '@playwright/test'
import { decodeRunLink, RUN_PARAM } from '@/lib/sim/run-link'
import { createBoard, shareLink, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

type RunRecord = { id: string; seed: number; playing: boolean; offset: number; params: { [name: string]: unknown } }

function sharedRecord(page: Page): Promise<RunRecord | null> {
  return page.evaluate(() => ((window.__designroom?.editor.getDocumentSettings().meta as { [key: string]: unknown } | undefined)?.simulator ?? null) as RunRecord | null)
}

/** What must match exactly between two browsers showing the same run. */
async function fingerprint(page: Page) {
  const chart = page.getByTestId('sim-chart-hitRatio')
  return {
    t: await page.getByTestId('sim-time').getAttribute('data-t'),
    points: await chart.getAttribute('data-points'),
    last: await chart.getAttribute('data-last'),
  }
}

test('a run link replays the identical run in a second browser without touching the board', async ({ browser, server }) => {
  const a = await openContext(browser, server.baseUrl)
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl })
  await signUp(a.page, newUser('linkowner'))
  const boardId = await createBoard(a.page, 'Run link board')
  // The owner opens the board through its edit link, so the run link carries ?share= and a
  // person who is not yet a member can open it.
  const editorUrl = await shareLink(a.page, boardId, 'editor')
  await a.page.goto(editorUrl)
  await waitForBoard(a.page)

  await a.page.getByTestId('simulator-toggle').click()
  const panelA = a.page.getByTestId('simulator-panel')
  await a.page.getByTestId('sim-select').selectOption('caching')
  await expect(panelA).toHaveAttribute('data-simulator', 'caching')
  await a.page.getByTestId('sim-knob-cacheSize').fill('300')
  await a.page.getByTestId('sim-knob-cacheSize').blur()
  await expect(a.page.getByTestId('sim-knob-value-cacheSize')).toHaveText(/^300/)
  await expect.poll(async () => (await sharedRecord(a.page))?.params.cacheSize).toBe(300)
  await a.page.getByTestId('sim-seed').fill('42')
  await a.page.getByTestId('sim-seed').press('Enter')
  await expect.poll(async () => (await sharedRecord(a.page))?.seed).toBe(42)

  await a.page.getByTestId('sim-speed').selectOption('4')
  await a.page.getByTestId('sim-play').click()
  await expect(panelA).toHaveAttribute('data-playing', 'true')
  await expect.poll(async () => Number(await a.page.getByTestId('sim-chart-hitRatio').getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(3)
  await a.page.getByTestId('sim-pause').click()
  await expect(panelA).toHaveAttribute('data-playing', 'false')
  // The theory curve (Che's approximation) is drawn beside the simulated hit ratio.
  await expect(a.page.getByTestId('sim-theory-hitRatio')).toBeVisible()

  await a.page.getByTestId('sim-copy-link').click()
  await expect(a.page.getByTestId('sim-copy-link')).toHaveText('Copied')
  const linkUrl = await a.page.getByTestId('sim-link-url').inputValue()
  expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe(linkUrl)
  const url = new URL(linkUrl)
  expect(url.pathname).toBe(`/b/${boardId}`)
  expect(url.searchParams.get('share')).toBe(new URL(editorUrl).searchParams.get('share'))
  const link = decodeRunLink(url.searchParams.get(RUN_PARAM))
  expect(link).toMatchObject({ id: 'caching', seed: 42, params: { cacheSize: 300 } })
  const shownA = await fingerprint(a.page)
  const timeTextA = await a.page.getByTestId('sim-time').textContent()
  expect(Number(shownA.t)).toBe(link!.t)
  expect(Number(shownA.points)).toBeGreaterThan(3)
  expect(shownA.last).not.toBeNull()

  // The owner moves on (another seed), so the board's run is no longer the linked one.
  await a.page.getByTestId('sim-seed').fill('7')
  await a.page.getByTestId('sim-seed').press('Enter')
  await expect.poll(async () => (await sharedRecord(a.page))?.seed).toBe(7)
  const boardRun = (await sharedRecord(a.page))!

  // A second person, in another browser, opens the link: the panel opens on the linked run.
  const b = await openContext(browser, server.baseUrl)
  await signUp(b.page, newUser('linkviewer'))
  await b.page.goto(linkUrl)
  await waitForBoard(b.page)
  const panelB = b.page.getByTestId('simulator-panel')
  await expect(panelB).toBeVisible()
  await expect(b.page.getByTestId('sim-link-banner')).toBeVisible()
  await expect(panelB).toHaveAttribute('data-simulator', 'caching')
  await expect(panelB).toHaveAttribute('data-playing', 'false')
  await expect(b.page.getByTestId('sim-knob-value-cacheSize')).toHaveText(/^300/)
  await expect(b.page.getByTestId('sim-seed')).toHaveValue('42')
  await expect(b.page.getByTestId('sim-time')).toHaveText(timeTextA!)
  await expect(b.page.getByTestId('sim-time')).toHaveAttribute('data-t', shownA.t!)
  await expect(b.page.getByTestId('sim-theory-hitRatio')).toBeVisible()
  const chartB = b.page.getByTestId('sim-chart-hitRatio')
  await expect(chartB).toHaveAttribute('data-points', shownA.points!)
  await expect(chartB).toHaveAttribute('data-last', shownA.last!)
  await b.page.screenshot({ path: 'test-results/sim-link-replayed.png' })

  // B's view is local: the board's record (in both browsers) is still the owner's.
  await expect.poll(() => sharedRecord(b.page)).toEqual(boardRun)
  expect(await sharedRecord(a.page)).toEqual(boardRun)

  // Back to the board's run: `run` leaves the URL and the panel follows the shared record.
  await b.page.getByTestId('sim-link-dismiss').click()
  await expect(b.page.getByTestId('sim-link-banner')).toBeHidden()
  await expect(b.page).not.toHaveURL(new RegExp(`[?&]${RUN_PARAM}=`))
  await expect(b.page.getByTestId('sim-seed')).toHaveValue('7')
  expect(await sharedRecord(a.page)).toEqual(boardRun)

  // A damaged link says so in one line instead of breaking the panel.
  const broken = new URL(linkUrl)
  broken.searchParams.set(RUN_PARAM, 'not-a-run')
  await b.page.goto(broken.toString())
  await waitForBoard(b.page)
  await expect(b.page.getByTestId('sim-link-broken')).toHaveText(/This run link is damaged or from another version/)
  await expect(b.page.getByTestId('simulator-panel')).toHaveAttribute('data-simulator', 'caching')
  await expect(b.page.getByTestId('sim-seed')).toHaveValue('7')

  // An editor can make the linked run the board's run, for everyone.
  await b.page.goto(linkUrl)
  await waitForBoard(b.page)
  await b.page.getByTestId('sim-link-apply').click()
  await expect(b.page.getByTestId('sim-link-banner')).toBeHidden()
  await expect.poll(async () => (await sharedRecord(a.page))?.seed).toBe(42)
  expect(await sharedRecord(a.page)).toMatchObject({ id: 'caching', seed: 42, playing: false, offset: link!.t, params: { cacheSize: 300 } })
  await expect(a.page.getByTestId('sim-chart-hitRatio')).toHaveAttribute('data-last', shownA.last!)

  expect([...a.errors, ...b.errors]).toEqual([])
  await Promise.all([a.context.close(), b.context.close()])
})
