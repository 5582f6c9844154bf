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

