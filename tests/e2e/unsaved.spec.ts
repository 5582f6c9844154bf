// Reliability matrix F7/D4 in a real browser: while the database refuses writes the board says
// "not saved" (and never "saved"), and once it accepts them again the edit is committed and the
// bar says so. The refusal is real: SQLite's write lock held from this process, so the node's
// appends (on its SQLite writer thread) fail with SQLITE_BUSY after the busy timeout, exactly as
// behind a backup or migration.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { recordsArray } from '@/lib/board/layout'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { openBoardStore } from '../helpers/converge'
import { holdSqliteWriteLock } from '../helpers/sqlite-lock'
import { createBoard, drawRectangle, shapeCount, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

// Each failed append waits out the busy timeout (1 s by default on SQLite) before it retries; the
// behaviour under test does not depend on its length, and 500 ms keeps the test short. Own server,
// so no other spec runs with this setting.
const LOCK_TIMEOUT_MS = 500
// How long the lock stays held once "not saved" shows: long enough for several failed retries.
const HOLD_MS = 3_000
// Matrix F7: persisted within 5 s of the database coming back.
const SAVED_WITHIN_MS = 5_000

let server: AppServer

test.beforeAll(async () => {
  server = await startAppServer({ env: { DB_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) } })
})

test.afterAll(async () => {
  await server?.dispose()
})

function savedState(page: Page): Promise<string | null> {
  return page.getByTestId('board-saved').getAttribute('data-state')
}

test('a database that refuses writes shows "not saved" until it is back, then the edit is stored', async ({ browser }) => {
  test.setTimeout(60_000)
  const { context, page, errors } = await openContext(browser, server.baseUrl)
  await signUp(page, newUser('unsaved'))
  const boardId = await createBoard(page, 'Write outage')
  await page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(page)
  await drawRectangle(page, 400, 300)
  await expect(page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')

  const dbFile = join(server.dataDir, 'designroom.db')
  const store = openBoardStore(`file:${dbFile}`)
  const storedShapes = async (): Promise<number> =>
    recordsArray(await store.storedDoc(boardId))
      .toArray()
      .filter((entry) => entry.key.startsWith('shape:')).length
  expect(await storedShapes()).toBe(1)

  const lock = holdSqliteWriteLock(dbFile)
  try {
    const drawnAt = Date.now()
    await drawRectangle(page, 700, 300)
    await expect.poll(() => shapeCount(page)).toBe(2)
    const notSaved = page.getByTestId('board-saved')
    await expect(notSaved).toHaveAttribute('data-state', 'failing', { timeout: 10_000 })
    await expect(notSaved).toHaveText(/Not saved/)
    await expect(notSaved).toHaveAttribute('role', 'alert')
    const noticeAfterMs = Date.now() - drawnAt
    // The bar must not claim "saved" at any point of the outage, nor the edit reach the database.
    const seen = new Set<string | null>()
    for (const until = Date.now() + HOLD_MS; Date.now() < until; ) {
      seen.add(await savedState(page))
      await page.waitForTimeout(100)
    }
    expect([...seen]).toEqual(['failing'])
    expect(await storedShapes()).toBe(1)
    lock.release()
    const releasedAt = Date.now()
    await expect(notSaved).toHaveAttribute('data-state', 'saved', { timeout: SAVED_WITHIN_MS })
    const savedAfterMs = Date.now() - releasedAt
    expect(await storedShapes()).toBe(2)
    console.log(`F7/D4 browser: "not saved" ${noticeAfterMs} ms after the edit (busy timeout ${LOCK_TIMEOUT_MS} ms); "saved" ${savedAfterMs} ms after release`)
  } finally {
    lock.release()
    await store.close()
  }

  // A fresh page load reads the board back with both shapes.
  await page.reload()
  await waitForBoard(page)
  await expect.poll(() => shapeCount(page)).toBe(2)
  expect(errors).toEqual([])
  await context.close()
})
