// The foundation's promises, in a real browser against the production build: sign up, make a
// board, draw together, share view-only, and find the board intact after a restart.
import type { Page, WebSocketRoute } from '@playwright/test'
import { createBoard, drawRectangle, shapeCount, shareLink, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test, type TestUser } from './fixtures'

test('two browsers draw on one board, a view-only link cannot, and a restart keeps the board', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  await signUp(owner.page, newUser('owner'))
  const boardId = await createBoard(owner.page, 'URL shortener')
  const editorUrl = await shareLink(owner.page, boardId, 'editor')
  const viewerUrl = await shareLink(owner.page, boardId, 'viewer')

  await owner.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(owner.page)

  // A second person, signed in with their own account, joins through the editor link.
  const guest = await openContext(browser, server.baseUrl)
  await signUp(guest.page, newUser('guest'))
  await guest.page.goto(editorUrl)
  await waitForBoard(guest.page)
  await expect(guest.page.getByTestId('board-role')).toHaveAttribute('data-role', 'editor')

  await drawRectangle(owner.page, 400, 300)
  await expect.poll(() => shapeCount(owner.page)).toBe(1)
  await expect.poll(() => shapeCount(guest.page)).toBe(1)
  await expect(guest.page.locator('.tl-shape')).toHaveCount(1)
  // Each sees the other's cursor label and name in presence.
  await owner.page.mouse.move(600, 400)
  await expect(guest.page.getByTestId('board-peers')).toHaveAttribute('data-count', /[1-9]/)

  await drawRectangle(guest.page, 700, 300)
  await expect.poll(() => shapeCount(owner.page)).toBe(2)
  await expect(owner.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  await owner.page.screenshot({ path: 'test-results/two-browsers-owner.png' })

  // A visitor with the view-only link, not signed in, sees live changes but cannot draw.
  const viewer = await openContext(browser, server.baseUrl)
  await viewer.page.goto(viewerUrl)
  await waitForBoard(viewer.page)
  await expect(viewer.page.getByTestId('board-role')).toHaveAttribute('data-role', 'viewer')
  await expect.poll(() => shapeCount(viewer.page)).toBe(2)
  await drawRectangle(viewer.page, 300, 500)
  await expect.poll(() => shapeCount(viewer.page)).toBe(2)
  // The node drops a viewer's writes even from a modified client: tests/integration/sync-node.test.ts.
  await drawRectangle(owner.page, 400, 550)
  await expect.poll(() => shapeCount(viewer.page)).toBe(3)
  await expect.poll(() => shapeCount(guest.page)).toBe(3)
  await expect.poll(() => shapeCount(owner.page)).toBe(3)
  await expect(owner.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  await viewer.page.screenshot({ path: 'test-results/view-only.png' })

  // Close everything and restart the server: the board is exactly as it was.
  await Promise.all([owner.context.close(), guest.context.close(), viewer.context.close()])
  await server.restart()
  const again = await openContext(browser, server.baseUrl)
  await again.page.goto(viewerUrl)
  await waitForBoard(again.page)
  await expect.poll(() => shapeCount(again.page)).toBe(3)
  await again.page.screenshot({ path: 'test-results/after-restart.png' })

  for (const errors of [owner.errors, guest.errors, viewer.errors, again.errors]) expect(errors).toEqual([])
  await again.context.close()
})

test('someone without access gets a clear page, a stranger cannot look the room up, and the owner signs out and back in', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  const ownerUser = newUser('private')
  await signUp(owner.page, ownerUser)
  const boardId = await createBoard(owner.page, 'Private board')

  const stranger = await openContext(browser, server.baseUrl)
  await signUp(stranger.page, newUser('stranger'))
  await stranger.page.goto(`/b/${boardId}`)
  await expect(stranger.page.getByTestId('board-access')).toHaveAttribute('data-state', /no-access|not-found/)
  const lookup = await stranger.page.request.get(`/api/rooms/${boardId}`)
  expect(lookup.status()).toBe(404)

  const anonymous = await openContext(browser, server.baseUrl)
  await anonymous.page.goto(`/b/${boardId}`)
  await expect(anonymous.page.getByTestId('board-access')).toHaveAttribute('data-state', 'signin')
  await anonymous.page.screenshot({ path: 'test-results/no-access.png' })

  // The owner signs out and back in, and finds the board again.
  await owner.page.getByTestId('sign-out').click()
  await expect(owner.page).not.toHaveURL(/\/dashboard/)
  expect((await owner.page.request.get(`/api/rooms/${boardId}`)).status()).toBe(401)
  await owner.page.goto('/signin')
  await owner.page.getByTestId('signin-email').fill(ownerUser.email)
  await owner.page.getByTestId('signin-password').fill('not the password')
  await owner.page.getByTestId('signin-submit').click()
  await expect(owner.page.getByTestId('signin-error')).toBeVisible()
  await owner.page.getByTestId('signin-password').fill(ownerUser.password)
  await owner.page.getByTestId('signin-submit').click()
  await expect(owner.page.getByTestId(`board-link-${boardId}`)).toBeVisible()
  expect([...owner.errors, ...stranger.errors, ...anonymous.errors]).toEqual([])
})

test('edits made while offline merge on reconnect, and the board fetches nothing from outside this server', async ({ browser, server }) => {
  const a = await openContext(browser, server.baseUrl)
  const external: string[] = []
  a.page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(server.baseUrl) && !url.startsWith('ws://127.0.0.1') && !/^(blob|data):/.test(url)) external.push(url)
  })
  let socket: WebSocketRoute | undefined
  await a.page.routeWebSocket(/\/sync\//, (route) => {
    socket = route
    route.connectToServer()
  })
  await signUp(a.page, newUser('offline'))
  const boardId = await createBoard(a.page, 'Offline merge')
  const editorUrl = await shareLink(a.page, boardId, 'editor')
  await a.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(a.page)

  const b = await openContext(browser, server.baseUrl)
  await b.page.goto(editorUrl)
  await waitForBoard(b.page)

  // A loses its network: new requests fail, and its open socket drops (Chromium's offline
  // emulation leaves open sockets alone, so the route closes it). Both keep drawing.
  await a.context.setOffline(true)
  await socket?.close()
  await expect(a.page.getByTestId('board-connection')).toHaveAttribute('data-state', 'offline')
  await drawRectangle(a.page, 300, 300)
  await drawRectangle(b.page, 700, 300)
  await expect(a.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'offline')
  expect(await shapeCount(a.page)).toBe(1)

  await a.context.setOffline(false)
  await expect.poll(() => shapeCount(a.page)).toBe(2)
  await expect.poll(() => shapeCount(b.page)).toBe(2)
  await expect(a.page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')

  expect(external).toEqual([])
  expect([...a.errors, ...b.errors]).toEqual([])
})
