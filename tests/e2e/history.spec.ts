// Board history in real browsers against the production build: the owner names a version, keeps
// drawing, previews the named version read-only (the live board and a second browser stay as
// they are), restores it, and the second browser follows; the restore is undone by restoring the
// version before it; a viewer can browse and preview but not restore.
import type { Page } from '@playwright/test'
import { createBoard, drawRectangle, shapeCount, shareLink, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

function namedVersion(page: Page, name: string) {
  return page.getByTestId('history-panel').locator('[data-version-id][data-kind="named"]', { hasText: name })
}

test('preview a named version, restore it, and a second browser follows; a viewer cannot restore', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  await signUp(owner.page, newUser('history'))
  const boardId = await createBoard(owner.page, 'History board')
  const editorUrl = await shareLink(owner.page, boardId, 'editor')
  const viewerUrl = await shareLink(owner.page, boardId, 'viewer')
  await owner.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(owner.page)

  const other = await openContext(browser, server.baseUrl)
  await other.page.goto(editorUrl)
  await waitForBoard(other.page)

  // One rectangle, seen by both (so the server holds it), then named.
  await drawRectangle(owner.page, 400, 300)
  await expect.poll(() => shapeCount(other.page)).toBe(1)
  await owner.page.getByTestId('history-toggle').click()
  await expect(owner.page.getByTestId('history-panel')).toBeVisible()
  await owner.page.getByTestId('version-name-input').fill('one shape')
  await owner.page.getByTestId('version-name-save').click()
  await expect(namedVersion(owner.page, 'one shape')).toBeVisible()
  await expect(owner.page.getByTestId('version-name-input')).toHaveValue('')

  // Two more, beside the open panel.
  await drawRectangle(owner.page, 400, 520)
  await drawRectangle(owner.page, 640, 420)
  await expect.poll(() => shapeCount(owner.page)).toBe(3)
  await expect.poll(() => shapeCount(other.page)).toBe(3)
  await owner.page.getByTestId('version-name-input').fill('three shapes')
  await owner.page.getByTestId('version-name-save').click()
  await expect(namedVersion(owner.page, 'three shapes')).toBeVisible()

  // Preview: one shape in the overlay, three on the live board here and in the other browser.
  await namedVersion(owner.page, 'one shape').click()
  const preview = owner.page.getByTestId('version-preview')
  await expect(preview).toBeVisible()
  await expect(preview).toContainText('one shape')
  await expect(preview).toHaveAttribute('data-shape-count', '1')
  await expect(preview.locator('.tl-shape')).toHaveCount(1)
  expect(await shapeCount(owner.page)).toBe(3)
  expect(await shapeCount(other.page)).toBe(3)
  await expect(other.page.getByTestId('version-preview')).toHaveCount(0)
  await owner.page.screenshot({ path: 'test-results/history-preview.png' })

  // Back to the live board and into the preview again: nothing changed.
  await owner.page.getByTestId('preview-close').click()
  await expect(preview).toHaveCount(0)
  await namedVersion(owner.page, 'one shape').click()
  await expect(preview).toHaveAttribute('data-shape-count', '1')

  // Restore: both browsers go back to one shape, and the restore is a new entry on top.
  await owner.page.getByTestId('version-restore').click()
  await owner.page.getByTestId('version-restore-confirm').click()
  await expect(preview).toHaveCount(0)
  await expect.poll(() => shapeCount(owner.page), { timeout: 15_000 }).toBe(1)
  await expect.poll(() => shapeCount(other.page), { timeout: 15_000 }).toBe(1)
  const restoreEntry = owner.page.getByTestId('history-panel').locator('[data-version-id][data-kind="restore"]').first()
  await expect(restoreEntry).toBeVisible()
  await expect(restoreEntry).toContainText('one shape')
  // Newest first: the restore heads the timeline.
  await expect(owner.page.getByTestId('history-panel').locator('[data-version-id]').first()).toHaveAttribute('data-kind', 'restore')
  await owner.page.screenshot({ path: 'test-results/history-restored.png' })

  // Undo the restore by restoring the version before it; the second browser follows again.
  await namedVersion(owner.page, 'three shapes').click()
  await expect(preview).toHaveAttribute('data-shape-count', '3')
  await owner.page.getByTestId('version-restore').click()
  await owner.page.getByTestId('version-restore-confirm').click()
  await expect.poll(() => shapeCount(owner.page), { timeout: 15_000 }).toBe(3)
  await expect.poll(() => shapeCount(other.page), { timeout: 15_000 }).toBe(3)
  await expect(owner.page.getByTestId('history-panel').locator('[data-version-id][data-kind="restore"]')).toHaveCount(2)

  // A viewer browses and previews, but has no way to name or restore.
  const viewer = await openContext(browser, server.baseUrl)
  await viewer.page.goto(viewerUrl)
  await waitForBoard(viewer.page)
  await expect.poll(() => shapeCount(viewer.page)).toBe(3)
  await viewer.page.getByTestId('history-toggle').click()
  await expect(viewer.page.getByTestId('history-panel')).toBeVisible()
  await expect(viewer.page.getByTestId('history-viewer-hint')).toBeVisible()
  await expect(viewer.page.getByTestId('version-name-input')).toHaveCount(0)
  await namedVersion(viewer.page, 'one shape').click()
  await expect(viewer.page.getByTestId('version-preview')).toHaveAttribute('data-shape-count', '1')
  await expect(viewer.page.getByTestId('version-restore-hint')).toBeVisible()
  await expect(viewer.page.getByTestId('version-restore')).toHaveCount(0)
  // Opening the simulator closes history (one panel at a time) and its preview.
  await viewer.page.getByTestId('simulator-toggle').click()
  await expect(viewer.page.getByTestId('history-panel')).toHaveCount(0)
  await expect(viewer.page.getByTestId('version-preview')).toHaveCount(0)

  expect([...owner.errors, ...other.errors, ...viewer.errors]).toEqual([])
  await Promise.all([owner.context.close(), other.context.close(), viewer.context.close()])
})
