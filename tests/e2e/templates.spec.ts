// The template gallery in a real browser: filter by topic, start a board from a template, and
// find the template's diagram on the canvas, drawn with the component shapes.
import { TEMPLATES } from '@/templates'
import { signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

test('start a board from a template in the gallery and see its diagram', async ({ browser, server }) => {
  const spec = TEMPLATES.find((t) => t.topic === 'caching' && t.kind === 'topic')!
  const { context, page, errors } = await openContext(browser, server.baseUrl)
  await signUp(page, newUser('gallery'))

  await page.getByRole('link', { name: 'Templates' }).click()
  await expect(page.getByTestId('template-gallery')).toBeVisible()
  await page.getByRole('navigation', { name: 'Filter by topic' }).getByRole('link', { name: 'Caching' }).click()
  await expect(page).toHaveURL(/topic=caching/)
  const card = page.getByTestId(`template-${spec.slug}`)
  await expect(card.getByRole('img', { name: `Preview of ${spec.title}` })).toBeVisible()

  await card.getByRole('button', { name: `Start a board from ${spec.title}` }).click()
  await expect(page).toHaveURL(/\/b\//)
  await waitForBoard(page)

  // Polled: the board reports ready as the canvas mounts, a moment before the test hook is exposed.
  const componentNames = () =>
    page.evaluate(() =>
      (window.__designroom?.editor.getCurrentPageShapes() ?? [])
        .filter((s) => s.type === 'component')
        .map((s) => (s.props as { text: string }).text)
        .sort(),
    )
  await expect.poll(componentNames, { timeout: 10_000 }).toEqual(spec.diagram.components.map((c) => c.label).sort())
  // Drawn, not just stored: the first component's name is on screen.
  await expect(page.getByText(spec.diagram.components[0]!.label, { exact: true }).first()).toBeVisible()
  expect(errors).toEqual([])
  await context.close()
})
