// What a person does in the app, as reusable steps for the end-to-end specs.
import type { Page } from '@playwright/test'
import { expect, type TestUser } from './fixtures'

export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/signup')
  await page.getByTestId('signup-name').fill(user.name)
  await page.getByTestId('signup-email').fill(user.email)
  await page.getByTestId('signup-password').fill(user.password)
  await page.getByTestId('signup-submit').click()
  await expect(page).toHaveURL(/\/dashboard/)
}

export async function createBoard(page: Page, title: string): Promise<string> {
  await page.getByTestId('new-board-title').fill(title)
  await page.getByTestId('create-board').click()
  const link = page.locator('[data-testid^="board-link-"]', { hasText: title })
  await expect(link).toBeVisible()
  const testId = await link.getAttribute('data-testid')
  return testId!.replace('board-link-', '')
}

export async function waitForBoard(page: Page): Promise<void> {
  await expect(page.getByTestId('board-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 })
}


/** Draws a rectangle with the toolbar's keyboard shortcut and a mouse drag, as a person would. */
export async function drawRectangle(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.click(x - 40, y - 40) // focus the canvas on an empty spot
  await page.keyboard.press('r')
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + 120, y + 80, { steps: 5 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
}

export function shapeCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__designroom?.editor.getCurrentPageShapes().length ?? -1)
}

/** Creates a share link from the dashboard's share dialog and returns its URL. */
export async function shareLink(page: Page, boardId: string, role: 'editor' | 'viewer'): Promise<string> {
  await page.getByTestId(`share-board-${boardId}`).click()
  await page.getByTestId(`share-create-${role}`).click()
  const url = page.locator(`[data-testid="share-url"][data-role="${role}"]`).first()
  await expect(url).toBeVisible()
  const value = (await url.inputValue().catch(() => null)) ?? (await url.textContent())
  await page.getByTestId('share-close').click()
  return value!.trim()
}
