// Study groups in a real browser: an owner makes a group and publishes a board, a second person
// joins through the invite link and opens the board read-only, and a third person who is not in
// the group finds neither the group nor the board.
import { createBoard, signUp, waitForBoard } from './actions'
import { expect, newUser, openContext, test } from './fixtures'

test('a group member opens a published board read-only; a non-member sees not-found pages', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  await signUp(owner.page, newUser('owner'))
  const boardId = await createBoard(owner.page, 'Design a chat system')

  // The dashboard's "Publish as template" puts a snapshot in the community list.
  await owner.page.getByTestId(`publish-template-${boardId}`).click()
  await owner.page.getByTestId('publish-template-topic').selectOption('chat')
  await owner.page.getByTestId('publish-template-summary').fill('Fan-out over a message queue')
  await owner.page.getByTestId('publish-template-submit').click()
  await expect(owner.page.getByTestId('publish-template-done')).toBeVisible()
  await owner.page.getByTestId('publish-template-close').click()
  const community = (await (await owner.page.request.get('/api/templates/community')).json()) as Array<{ title: string; topic: string }>
  expect(community).toContainEqual(expect.objectContaining({ title: 'Design a chat system', topic: 'chat' }))

  await owner.page.goto('/groups')
  await owner.page.getByTestId('new-group-name').fill('Tuesday mocks')
  await owner.page.getByTestId('create-group').click()
  await expect(owner.page).toHaveURL(/\/groups\/[A-Za-z0-9_-]+$/)
  await expect(owner.page.getByTestId('group-name')).toHaveText('Tuesday mocks')
  const groupUrl = new URL(owner.page.url()).pathname

  await owner.page.getByTestId('publish-board-select').selectOption(boardId)
  await owner.page.getByTestId('publish-board').click()
  await expect(owner.page.getByTestId(`group-board-${boardId}`)).toBeVisible()

  await owner.page.getByTestId('copy-invite').click()
  await owner.page.screenshot({ path: 'test-results/group-page.png' })
  const inviteUrl = await owner.page.getByTestId('invite-url').inputValue()
  expect(inviteUrl).toMatch(/\/groups\/join\/[A-Za-z0-9_-]{43}$/)

  // Signed out, the invite link asks to sign in and comes back to itself.
  const anonymous = await openContext(browser, server.baseUrl)
  await anonymous.page.goto(inviteUrl)
  await expect(anonymous.page).toHaveURL(/\/signin\?callbackUrl=%2Fgroups%2Fjoin%2F/)
  await anonymous.context.close()

  // A second person joins through the link, sees the board in the group and opens it read-only.
  const member = await openContext(browser, server.baseUrl)
  await signUp(member.page, newUser('member'))
  await member.page.goto(inviteUrl)
  await expect(member.page.getByTestId('group-join')).toHaveAttribute('data-state', 'ready')
  await member.page.getByTestId('join-group').click()
  await expect(member.page).toHaveURL(new RegExp(`${groupUrl}$`))
  await expect(member.page.getByTestId('group-members')).toContainText('Member')
  await member.page.getByTestId(`open-board-${boardId}`).click()
  await waitForBoard(member.page)
  await expect(member.page.getByTestId('board-role')).toHaveAttribute('data-role', 'viewer')
  await member.page.screenshot({ path: 'test-results/group-viewer.png' })

  // A mistyped link says so.
  await member.page.goto(`/groups/join/${'A'.repeat(43)}`)
  await expect(member.page.getByTestId('group-join')).toHaveAttribute('data-state', 'unknown')

  // A third person, not in the group: both URLs look like nothing is there.
  const stranger = await openContext(browser, server.baseUrl)
  await signUp(stranger.page, newUser('stranger'))
  const groupResponse = await stranger.page.goto(groupUrl)
  expect(groupResponse?.status()).toBe(404)
  await expect(stranger.page.getByText('This page could not be found')).toBeVisible()
  await expect(stranger.page.getByTestId('group-page')).toHaveCount(0)
  await stranger.page.goto(`/b/${boardId}`)
  await expect(stranger.page.getByTestId('board-access')).toHaveAttribute('data-state', 'no-access')

  expect([...owner.errors, ...member.errors, ...stranger.errors]).toEqual([])
  await Promise.all([owner.context.close(), member.context.close(), stranger.context.close()])
})
