// Simulating the board itself, in a real browser against the production build: draw a client, a
// server and a database joined by arrows, press "Simulate this board", watch the components take
// colours from their load and a chart fill, fail one by clicking it, and see a shape that is not
// wired in reported by name.
import type { Page } from '@playwright/test'
import { createBoard, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

type Placed = { id: string; kind: string }

function components(page: Page): Promise<Placed[]> {
  return page.evaluate(() =>
    window
      .__designroom!.editor.getCurrentPageShapes()
      .filter((s) => s.type === 'component')
      .map((s) => ({ id: s.id, kind: (s.props as unknown as { kind: string }).kind })),
  )
}

/** Draws an arrow with the arrow tool from one screen point to another, as a person would. */
async function drawArrow(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.getByTestId('board-title').click() // out of any input, so the shortcut reaches tldraw
  await page.keyboard.press('a')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(to.x, to.y, { steps: 8 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

test('the board runs its own diagram: colours by load, a chart, failing a component, problems named', async ({ browser, server }) => {
  const { context, page, errors } = await openContext(browser, server.baseUrl)
  await signUp(page, newUser('boardsim'))
  const boardId = await createBoard(page, 'Three tiers')
  await page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(page)

  // Client -> server -> database, dropped in a column from the palette.
  const canvas = page.locator('.tl-canvas')
  const box = (await canvas.boundingBox())!
  // Left of tldraw's style panel, which sits over the canvas's top-right corner.
  const spots = { client: { x: 160, y: 130 }, server: { x: 160, y: 330 }, database: { x: 160, y: 530 } }
  for (const [kind, at] of Object.entries(spots)) {
    await page.getByTestId(`palette-item-${kind}`).dragTo(canvas, { targetPosition: at })
    await expect.poll(async () => (await components(page)).length).toBe(Object.keys(spots).indexOf(kind) + 1)
  }
  const byKind = Object.fromEntries((await components(page)).map((c) => [c.kind, c.id]))
  // The server can take 50 requests a second; the client will send 100.
  await page.evaluate((id) => {
    const editor = window.__designroom!.editor
    editor.select(id as never)
  }, byKind.server!)
  await page.getByTestId('inspector-capacity').fill('50')
  const screen = (p: { x: number; y: number }) => ({ x: box.x + p.x, y: box.y + p.y })
  await drawArrow(page, screen(spots.client), screen(spots.server))
  await drawArrow(page, screen(spots.server), screen(spots.database))
  await expect.poll(() => page.evaluate(() => window.__designroom!.editor.store.query.records('binding').get().length)).toBe(4)

  await page.getByTestId('simulator-toggle').click()
  await page.getByTestId('sim-board').click()
  const panel = page.getByTestId('simulator-panel')
  await expect(panel).toHaveAttribute('data-simulator', 'board')
  await expect(panel).toHaveAttribute('data-playing', 'true')
  const graph = page.getByTestId('board-graph')
  await expect(graph).toHaveAttribute('data-components', '3')
  await expect(graph).toHaveAttribute('data-arrows', '2')
  await expect(graph).toHaveAttribute('data-problems', '0')

  // Colours: the under-provisioned server overloads; the database has room to spare.
  await expect(page.getByTestId(`board-sim-${byKind.server}`)).toHaveAttribute('data-health', 'overloaded', { timeout: 20_000 })
  await expect(page.getByTestId(`board-sim-${byKind.database}`)).toHaveAttribute('data-health', 'ok')
  await expect.poll(async () => Number(await page.getByTestId('sim-chart-throughput').getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(2)
  await page.screenshot({ path: 'test-results/board-sim-running.png' })

  // Failing the database by clicking its chip: it turns failed and requests start failing.
  await page.getByTestId(`board-sim-toggle-${byKind.database}`).click()
  await expect(page.getByTestId(`board-sim-${byKind.database}`)).toHaveAttribute('data-health', 'failed')
  await expect.poll(async () => Number(await page.getByTestId('sim-value-errorRate').textContent()), { timeout: 15_000 }).toBeGreaterThan(0)
  await page.screenshot({ path: 'test-results/board-sim-failed.png' })

  // A cache nobody calls is named as a problem, and clicking the problem selects it.
  await page.getByTestId('palette-item-cache').click()
  await expect(graph).toHaveAttribute('data-problems', '1')
  await expect(page.getByTestId('board-problems')).toContainText('Cache')
  await page.evaluate(() => {
    window.__designroom!.editor.selectNone()
  })
  await page.getByTestId('board-problems').getByRole('button').first().click()
  const cacheId = (await components(page)).find((c) => c.kind === 'cache')!.id
  await expect.poll(() => page.evaluate(() => window.__designroom!.editor.getSelectedShapeIds().map(String))).toEqual([cacheId])

  expect(errors).toEqual([])
  await context.close()
})
