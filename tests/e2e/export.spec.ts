// Export and import in a real browser against the production build: PNG, SVG and .tldr downloads
// from the board bar, then the .tldr (and an Excalidraw file) imported from the dashboard.
import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { createBoard, drawRectangle, shapeCount, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

async function downloadFrom(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const toggle = page.getByTestId('export-toggle')
  if ((await page.getByTestId('export-menu').getAttribute('open')) === null) await toggle.click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  const path = await download.path()
  return { download, bytes: await readFile(path) }
}

test('exports PNG, SVG and .tldr from the board bar, and the .tldr imports as a new board', async ({ browser, server }) => {
  const a = await openContext(browser, server.baseUrl)
  await signUp(a.page, newUser('export'))
  const boardId = await createBoard(a.page, 'Export board')
  await a.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(a.page)

  const box = (await a.page.locator('.tl-canvas').boundingBox())!
  await drawRectangle(a.page, box.x + 300, box.y + 200)
  await drawRectangle(a.page, box.x + 550, box.y + 300)
  await expect.poll(() => shapeCount(a.page)).toBe(2)
  await expect(a.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  await expect(a.page.getByTestId('export-scope')).toHaveText('Images: the whole page')

  const png = await downloadFrom(a.page, 'export-png')
  expect(png.download.suggestedFilename()).toMatch(/\.png$/)
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

  const svg = await downloadFrom(a.page, 'export-svg')
  expect(svg.download.suggestedFilename()).toMatch(/\.svg$/)
  expect(svg.bytes.toString('utf8')).toContain('<svg')

  const tldr = await downloadFrom(a.page, 'export-tldr')
  expect(tldr.download.suggestedFilename()).toBe('Export board.tldr')
  const file = JSON.parse(tldr.bytes.toString('utf8')) as { tldrawFileFormatVersion: number; records: { typeName: string }[] }
  expect(file.tldrawFileFormatVersion).toBe(1)
  expect(file.records.filter((r) => r.typeName === 'shape')).toHaveLength(2)

  // Selecting one shape narrows the image export to it.
  await a.page.evaluate(() => {
    const editor = window.__designroom!.editor
    editor.select(editor.getCurrentPageShapes()[0]!.id)
  })
  await expect(a.page.getByTestId('export-scope')).toHaveText('Images: the 1 selected shape')

  // Import the .tldr from the dashboard: the new board opens with the same shapes.
  await a.page.goto('/dashboard')
  // Under its suggested name: the dashboard titles the new board after the file name.
  const saved = test.info().outputPath(tldr.download.suggestedFilename())
  await tldr.download.saveAs(saved)
  await a.page.getByTestId('import-file').setInputFiles(saved)
  await expect(a.page).toHaveURL(/\/b\/[^/?]+$/)
  expect(a.page.url()).not.toContain(boardId)
  await waitForBoard(a.page)
  await expect(a.page.getByTestId('board-title')).toHaveText('Export board')
  await expect.poll(() => shapeCount(a.page)).toBe(2)
})

test('the dashboard shows why a file was refused, and converts an Excalidraw file', async ({ browser, server }) => {
  const a = await openContext(browser, server.baseUrl)
  await signUp(a.page, newUser('import'))

  await a.page.getByTestId('import-file').setInputFiles({ name: 'broken.tldr', mimeType: 'application/json', buffer: Buffer.from('{"hello":') })
  await expect(a.page.getByTestId('import-error')).toHaveText('Import failed: the file is not JSON')
  await expect(a.page).toHaveURL(/\/dashboard/)

  const excalidraw = {
    type: 'excalidraw',
    version: 2,
    source: 'https://excalidraw.com',
    elements: [
      {
        id: 'rect1', type: 'rectangle', x: 100, y: 100, width: 200, height: 100, angle: 0, strokeColor: '#1e1e1e',
        backgroundColor: 'transparent', fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100,
        groupIds: [], frameId: null, roundness: null, seed: 1, version: 1, versionNonce: 1, isDeleted: false, boundElements: null,
        updated: 1, link: null, locked: false,
      },
    ],
    appState: { viewBackgroundColor: '#ffffff' },
    files: {},
  }
  await a.page.getByTestId('import-file').setInputFiles({ name: 'sketch.excalidraw', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(excalidraw)) })
  await expect(a.page).toHaveURL(/\/b\/[^/?]+$/)
  await waitForBoard(a.page)
  await expect(a.page.getByTestId('board-title')).toHaveText('sketch')
  await expect.poll(() => shapeCount(a.page)).toBe(1)
})
