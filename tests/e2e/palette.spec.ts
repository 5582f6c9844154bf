// The component palette in a real browser against the production build: drag a component onto
// the canvas, rename it in the inspector, see the change on a second browser, and find it again
// after a reload.
import type { Page } from '@playwright/test'
import { createBoard, shareLink, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test, type TestUser } from './fixtures'

type ComponentSummary = { id: string; kind: string; text: string; capacity: number; cx: number; cy: number }

function components(page: Page): Promise<ComponentSummary[]> {
  return page.evaluate(() => {
    const editor = window.__designroom?.editor
    if (!editor) return []
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'component')
      .map((shape) => {
        const props = shape.props as unknown as { kind: string; text: string; capacity: number }
        const bounds = editor.getShapePageBounds(shape)!
        return { id: shape.id, kind: props.kind, text: props.text, capacity: props.capacity, cx: bounds.center.x, cy: bounds.center.y }
      })
  })
}

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/signin')
  await page.getByTestId('signin-email').fill(user.email)
  await page.getByTestId('signin-password').fill(user.password)
  await page.getByTestId('signin-submit').click()
  await expect(page).toHaveURL(/\/dashboard/)
}

test('a component dragged from the palette lands where it was dropped, renames everywhere and survives a reload', async ({ browser, server }) => {
  const user = newUser('palette')
  const a = await openContext(browser, server.baseUrl)
  await signUp(a.page, user)
  const boardId = await createBoard(a.page, 'Palette board')
  await a.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(a.page)

  const palette = a.page.getByRole('complementary', { name: 'Component palette' })
  await expect(palette).toBeVisible()
  await expect(a.page.getByTestId('palette-item-cache')).toBeVisible()

  // Drop "Cache" 600 px right of and 300 px below the canvas's top-left corner.
  const canvas = a.page.locator('.tl-canvas')
  const box = (await canvas.boundingBox())!
  const drop = { x: box.x + 600, y: box.y + 300 }
  await a.page.getByTestId('palette-item-cache').dragTo(canvas, { targetPosition: { x: 600, y: 300 } })

  await expect.poll(async () => (await components(a.page)).length).toBe(1)
  const [cache] = await components(a.page)
  expect(cache!.kind).toBe('cache')
  expect(cache!.text).toBe('Cache')
  const expected = await a.page.evaluate((p) => window.__designroom!.editor.screenToPage(p), drop)
  expect(Math.abs(cache!.cx - expected.x)).toBeLessThan(3)
  expect(Math.abs(cache!.cy - expected.y)).toBeLessThan(3)
  await expect(a.page.locator('[data-testid="component-shape"][data-kind="cache"]')).toBeVisible()

  // The new shape is selected, so the inspector edits it.
  const inspector = a.page.getByTestId('component-inspector')
  await expect(inspector).toBeVisible()
  await a.page.getByTestId('inspector-name').fill('Session cache')
  await a.page.getByTestId('inspector-capacity').fill('-5')
  await expect(a.page.getByTestId('inspector-capacity')).toHaveAttribute('aria-invalid', 'true')
  await a.page.getByTestId('inspector-capacity').fill('20000')
  await expect.poll(async () => (await components(a.page))[0]?.text).toBe('Session cache')
  await expect.poll(async () => (await components(a.page))[0]?.capacity).toBe(20_000)
  await expect(a.page.getByTestId('component-capacity')).toHaveText('20,000 req/s')
  await expect(a.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  await a.page.screenshot({ path: 'test-results/palette-dropped.png' })

  // The same person on a second browser sees the renamed component.
  const b = await openContext(browser, server.baseUrl)
  await signIn(b.page, user)
  await b.page.goto(`/b/${boardId}`)
  await waitForBoard(b.page)
  await expect.poll(async () => (await components(b.page)).map((c) => [c.kind, c.text, c.capacity])).toEqual([['cache', 'Session cache', 20_000]])

  // A click adds a component at the viewport's centre; the other browser receives it too.
  await a.page.getByTestId('palette-item-database').click()
  await expect.poll(async () => (await components(b.page)).length).toBe(2)

  // After a reload both are still there, with the new name.
  await a.page.reload()
  await waitForBoard(a.page)
  await expect
    .poll(async () => (await components(a.page)).map((c) => `${c.kind}:${c.text}`).sort())
    .toEqual(['cache:Session cache', 'database:Database'])

  // Double-clicking the card renames it in place, like a geo shape's label.
  const renamed = (await components(a.page)).find((c) => c.kind === 'cache')!
  const onScreen = await a.page.evaluate((p) => window.__designroom!.editor.pageToScreen(p), { x: renamed.cx, y: renamed.cy })
  await a.page.mouse.dblclick(onScreen.x, onScreen.y)
  await a.page.keyboard.press('ControlOrMeta+a')
  await a.page.keyboard.type('Orders cache')
  await a.page.keyboard.press('Escape')
  await expect.poll(async () => (await components(b.page)).find((c) => c.id === renamed.id)?.text).toBe('Orders cache')

  // SVG export draws the card with its icon, caption, name and capacity.
  const svg = await a.page.evaluate(async (id) => {
    const result = await window.__designroom!.editor.getSvgString([id as never])
    return result?.svg ?? ''
  }, renamed.id)
  expect(svg).toContain('Orders')
  expect(svg).toContain('CACHE')
  expect(svg).toContain('20,000 req/s')

  expect([...a.errors, ...b.errors]).toEqual([])
  await Promise.all([a.context.close(), b.context.close()])
})

test('a viewer sees components but no palette', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  await signUp(owner.page, newUser('owner'))
  const boardId = await createBoard(owner.page, 'Viewer palette')
  const viewerUrl = await shareLink(owner.page, boardId, 'viewer')
  await owner.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(owner.page)
  await owner.page.getByTestId('palette-item-load-balancer').click()

  const viewer = await openContext(browser, server.baseUrl)
  await viewer.page.goto(viewerUrl)
  await waitForBoard(viewer.page)
  await expect.poll(async () => (await components(viewer.page)).map((c) => c.kind)).toEqual(['load-balancer'])
  await expect(viewer.page.getByRole('complementary', { name: 'Component palette' })).toHaveCount(0)
  expect([...owner.errors, ...viewer.errors]).toEqual([])
  await Promise.all([owner.context.close(), viewer.context.close()])
})
