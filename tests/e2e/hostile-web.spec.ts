// The browser as an attack surface (reliability.md W1, W2, W6, A4), in real Chromium against the
// production build: a foreign-origin page in the victim's own browser, markup typed into every
// text field the app shows back, script and data: links and foreign embeds sent straight to the
// sync node, and a secret typed and deleted on an interview board before the candidate arrives.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext, Page } from '@playwright/test'
import type { TLShape } from 'tldraw'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { recordsArray } from '@/lib/board/layout'
import { CloseCodes } from '@/lib/protocol/close-codes'
import { roomLookupSchema, type RoomLookup } from '@/lib/protocol/lookup'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { createBoard, signUp, waitForBoard } from './actions'
import { receivedBodies, recordTraffic } from './capture'
import { expect, newUser, openContext, test } from './fixtures'

/** Both W1 payloads in one string: an attribute break-out and an event-handler tag. */
const MARKUP = '<img src=x onerror=alert(1)> "><svg onload=alert(1)>'

/** Dialogs (alert, confirm, prompt) any page of the context opens: a script of ours never does. */
function watchDialogs(context: BrowserContext): string[] {
  const dialogs: string[] = []
  const watch = (page: Page) =>
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`)
      void dialog.dismiss()
    })
  context.pages().forEach(watch)
  context.on('page', watch)
  return dialogs
}

/** Elements the payload would have created had it been parsed as HTML. */
function injectedElements(page: Page): Promise<number> {
  return page.locator('img[src="x"], svg[onload], [onerror]').count()
}

async function lookup(page: Page, boardId: string): Promise<RoomLookup> {
  const res = await page.request.get(`/api/rooms/${boardId}`)
  expect(res.status()).toBe(200)
  return roomLookupSchema.parse(await res.json())
}

async function exportedRecords(page: Page, boardId: string): Promise<unknown> {
  const res = await page.request.get(`/api/boards/${boardId}/export.tldr`)
  expect(res.status()).toBe(200)
  const file = (await res.json()) as { records: unknown[] }
  return file.records
}

/** A page on another origin (same host, other port: same-site, so the victim's cookies ride along). */
async function startForeignSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>totally harmless</title><p>nothing to see</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

type SocketAttempt = { opened: boolean; messages: number; closeCode: number | null }

/** Opens a WebSocket from inside `page` and reports what it could see within a few seconds. */
function openSocketFrom(page: Page, url: string): Promise<SocketAttempt> {
  return page.evaluate(
    (target) =>
      new Promise<SocketAttempt>((resolve) => {
        const result: SocketAttempt = { opened: false, messages: 0, closeCode: null }
        const ws = new WebSocket(target)
        ws.onopen = () => (result.opened = true)
        ws.onmessage = () => {
          result.messages += 1
          // One frame settles it; the wait below is for sockets that never answer.
          ws.close()
        }
        ws.onclose = (event) => {
          result.closeCode = event.code
          resolve(result)
        }
        setTimeout(() => {
          ws.close()
          resolve(result)
        }, 3_000)
      }),
    url,
  )
}

test('W6: a foreign-origin page in the signed-in browser can neither read the room lookup nor open the board socket', async ({ browser, server }) => {
  const victim = await openContext(browser, server.baseUrl)
  await signUp(victim.page, newUser('cswsh'))
  const boardId = await createBoard(victim.page, 'Victim board')
  await victim.page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(victim.page)
  const room = await lookup(victim.page, boardId)
  const before = await exportedRecords(victim.page, boardId)

  // Control: the same socket from the app's own origin opens and receives the board.
  const socketUrl = `${room.url}/${room.room}?token=${encodeURIComponent(room.token)}`
  const own = await openSocketFrom(victim.page, socketUrl)
  expect(own.opened).toBe(true)
  expect(own.messages).toBeGreaterThan(0)

  const site = await startForeignSite()
  try {
    const attacker = await victim.context.newPage()
    const lookupAnswers: number[] = []
    attacker.on('response', (res) => {
      if (res.url().includes(`/api/rooms/${boardId}`)) lookupAnswers.push(res.status())
    })
    const frames: string[] = []
    attacker.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => frames.push(String(payload))))
    await attacker.goto(site.origin)

    // (a) The lookup with the victim's cookies: the server may answer, but without CORS the page reads nothing.
    const read = await attacker.evaluate(async (url) => {
      try {
        const res = await fetch(url, { credentials: 'include' })
        return `read ${res.status}: ${await res.text()}`
      } catch (error) {
        return `blocked: ${String(error)}`
      }
    }, `${server.baseUrl}/api/rooms/${boardId}`)
    expect(read).toMatch(/^blocked: TypeError/)
    const opaque = await attacker.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'include', mode: 'no-cors' })
      return { type: res.type, body: await res.text() }
    }, `${server.baseUrl}/api/rooms/${boardId}`)
    expect(opaque).toEqual({ type: 'opaque', body: '' })

    // (b) The socket, with the cookies alone and with a token the page should never have: refused by Origin.
    const withCookies = await openSocketFrom(attacker, `${room.url}/${room.room}`)
    const withToken = await openSocketFrom(attacker, socketUrl)
    for (const attempt of [withCookies, withToken]) {
      expect(attempt.opened).toBe(false)
      expect(attempt.messages).toBe(0)
      // 1006: the handshake itself failed (the node's 403), not a close after opening.
      expect(attempt.closeCode).toBe(1006)
    }
    expect(frames).toEqual([])
    expect(server.output()).not.toMatch(/upgrade failed/)

    expect(await exportedRecords(victim.page, boardId)).toEqual(before)
    expect(victim.errors).toEqual([])
    // The no-cors request went out with the victim's cookies and the server answered 200 with a
    // token: the read policy (no CORS), not a missing cookie, is what kept the page from it.
    expect(lookupAnswers).toContain(200)
  } finally {
    await site.close()
    await victim.context.close()
  }
})

test('W1: markup in every user-written text is shown literally and never runs', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  const dialogs = watchDialogs(owner.context)
  const page = owner.page
  await signUp(page, { ...newUser('xss'), name: MARKUP })

  // Board title on the dashboard and in the board bar; text and geo label on the canvas.
  const boardId = await createBoard(page, MARKUP)
  await expect(page.getByTestId(`board-link-${boardId}`)).toHaveText(MARKUP)
  await page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(page)
  await expect(page.getByTestId('board-title')).toHaveText(MARKUP)
  await page.evaluate((text) => {
    const { editor, toRichText } = window.__designroom!
    editor.createShapes([
      { type: 'text', x: 200, y: 200, props: { richText: toRichText(text) } },
      { type: 'geo', x: 200, y: 320, props: { w: 420, h: 120, richText: toRichText(text) } },
    ])
  }, MARKUP)
  await expect(page.locator('.tl-shape', { hasText: MARKUP })).toHaveCount(2)
  await expect(page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')

  // A named version in the history panel, whose author is the display name.
  await page.getByTestId('history-toggle').click()
  await page.getByTestId('version-name-input').fill(MARKUP)
  await page.getByTestId('version-name-save').click()
  const version = page.getByTestId('history-panel').locator('[data-version-id][data-kind="named"]')
  await expect(version).toContainText(MARKUP)
  expect(await injectedElements(page)).toBe(0)

  // A community template: title, summary, author and the board's thumbnail.
  await page.goto('/dashboard')
  await page.getByTestId(`publish-template-${boardId}`).click()
  await page.getByTestId('publish-template-summary').fill(MARKUP)
  await page.getByTestId('publish-template-submit').click()
  await expect(page.getByTestId('publish-template-done')).toBeVisible()
  await page.goto('/templates')
  const card = page.locator('[data-testid^="community-template-"]', { hasText: MARKUP })
  await expect(card.locator('h3')).toHaveText(MARKUP)
  await expect(card).toContainText(`by ${MARKUP}`)
  expect(await injectedElements(page)).toBe(0)

  // A group: name, description, the board published in it and the member list.
  await page.goto('/groups')
  await page.getByTestId('new-group-name').fill(MARKUP)
  await page.getByTestId('new-group-description').fill(MARKUP)
  await page.getByTestId('create-group').click()
  await expect(page.getByTestId('group-name')).toHaveText(MARKUP)
  await page.getByTestId('publish-board-select').selectOption(boardId)
  await page.getByTestId('publish-board').click()
  await expect(page.getByTestId(`group-board-link-${boardId}`)).toHaveText(MARKUP)
  await expect(page.getByTestId('group-members')).toContainText(MARKUP)
  // The group's name, its description and the published board's title.
  await expect(page.getByTestId('group-page').getByText(MARKUP, { exact: true })).toHaveCount(3)
  expect(await injectedElements(page)).toBe(0)
  await page.goto('/groups')
  await expect(page.locator('[data-testid^="group-link-"]')).toHaveText(MARKUP)
  expect(await injectedElements(page)).toBe(0)

  // An interview: its title, the candidate's name (a guest's own text) and a private note.
  const interview = await page.request.post('/api/interviews', { data: { template: 'url-shortener', title: MARKUP } })
  expect(interview.status()).toBe(201)
  const { id: interviewId, inviteUrl } = (await interview.json()) as { id: string; inviteUrl: string }
  const guest = await browser.newContext({ baseURL: server.baseUrl })
  expect((await guest.request.post('/api/interviews/join', { data: { token: inviteUrl.split('/').pop(), name: MARKUP } })).status()).toBe(200)
  await guest.close()
  expect((await page.request.post(`/api/interviews/${interviewId}/notes`, { data: { text: MARKUP } })).status()).toBe(201)
  await page.goto('/interviews')
  await expect(page.getByTestId(`interview-item-${interviewId}`).getByText(MARKUP, { exact: true })).toHaveCount(2)
  expect(await injectedElements(page)).toBe(0)
  await page.goto(`/interviews/${interviewId}/summary`)
  await expect(page.getByTestId('summary-title')).toHaveText(MARKUP)
  await expect(page.getByTestId('summary-notes')).toContainText(MARKUP)
  await expect(page.getByTestId('summary-page')).toContainText(`Candidate: ${MARKUP} · `)
  expect(await injectedElements(page)).toBe(0)

  // No Content-Security-Policy is sent (a product decision, reported in the notes), so the
  // checks above are the defence that counts: nothing was parsed, nothing ran.
  expect(dialogs).toEqual([])
  expect(owner.errors).toEqual([])
  await owner.context.close()
})

/** A copy of `base` under another id with its props changed. */
function variant(base: TLShape, id: string, props: Record<string, unknown>): TLShape {
  return { ...base, id, props: { ...(base as { props: Record<string, unknown> }).props, ...props } } as TLShape
}

function linkText(href: string): unknown {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'open me', marks: [{ type: 'link', attrs: { href } }] }] }] }
}

function plainText(text: string): unknown {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
}

/**
 * A new user's new board, open in `page`, holding one saved geo shape: the valid record the
 * hostile variants are made from. Returns the board, that record and a room token for it.
 */
async function boardWithBaseShape(page: Page, who: string): Promise<{ boardId: string; base: TLShape; room: RoomLookup }> {
  await signUp(page, newUser(who))
  const boardId = await createBoard(page, `${who} board`)
  await page.getByTestId(`board-link-${boardId}`).click()
  await waitForBoard(page)
  const base = await page.evaluate(() => {
    const { editor, toRichText } = window.__designroom!
    editor.createShape({ id: 'shape:base' as never, type: 'geo', x: 100, y: 100, props: { w: 200, h: 100, richText: toRichText('base') } })
    return editor.getShape('shape:base' as never) as unknown as TLShape
  })
  await expect(page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  return { boardId, base, room: await lookup(page, boardId) }
}

/** Writes one record from a stock y-websocket client; returns the close codes it saw. */
async function writeOverTheWire(room: RoomLookup, record: TLShape, expectClose: boolean): Promise<number[]> {
  const client = connectClient(room.url, room.room, room.token)
  try {
    await waitForSynced(client)
    new YKeyValue<unknown>(recordsArray(client.doc)).set(record.id, record)
    if (expectClose) await waitFor(() => client.closeCodes.length > 0, `the node closes the socket that wrote ${record.id}`)
    return client.closeCodes
  } finally {
    client.destroy()
  }
}

test('W2, B21: script and data: links and invalid records sent over the wire are refused by the node and never reach the editor', async ({ browser, server }) => {
  const owner = await openContext(browser, server.baseUrl)
  const dialogs = watchDialogs(owner.context)
  const page = owner.page
  const { boardId, base, room } = await boardWithBaseShape(page, 'links')
  const boardUrl = page.url()

  const hostile: TLShape[] = [
    variant(base, 'shape:url-js', { url: 'javascript:alert(1)' }),
    variant(base, 'shape:url-mixed', { url: 'JaVaScRiPt:alert(1)' }),
    variant(base, 'shape:url-data', { url: 'data:text/html,<script>alert(1)</script>' }),
    variant(base, 'shape:link-mixed', { richText: linkText('JaVaScRiPt:alert(1)') }),
    variant(base, 'shape:link-data', { richText: linkText('data:text/html,<script>alert(1)</script>') }),
    // B21: records tldraw's own store would throw on, or that are too big to send to every viewer.
    { ...base, id: 'shape:unknown-type', type: 'evil' } as unknown as TLShape,
    variant(base, 'shape:huge-label', { richText: plainText('x'.repeat(300 * 1024)) }),
  ].map((record, i) => ({ ...record, y: 260 + i * 130 }) as TLShape)
  hostile.push({ ...base, id: 'shape:nan-x', x: Number.NaN, y: 1300 } as TLShape)
  for (const record of hostile) {
    expect(await writeOverTheWire(room, record, true), record.id).toContain(CloseCodes.malformed.code)
  }

  // A plain https link written the same way arrives and renders as a link: the hostile ones would have too.
  const benign = variant(base, 'shape:link-https', { richText: linkText('https://example.com/') })
  expect(await writeOverTheWire(room, { ...benign, x: 500 } as TLShape, false)).toEqual([])
  await expect(page.locator('.tl-shape a[href="https://example.com/"]')).toHaveCount(1)

  const ids: string[] = hostile.map((r) => r.id)
  const present = await page.evaluate((list: string[]) => list.filter((id) => window.__designroom!.editor.getShape(id as never) !== undefined), ids)
  expect(present).toEqual([])
  await expect(page.locator('a[href^="javascript:" i], a[href^="data:" i]')).toHaveCount(0)
  for (const record of hostile) if (Number.isFinite(record.x)) await page.mouse.click(record.x + 100, record.y + 50)
  expect(page.url()).toBe(boardUrl)
  expect(owner.context.pages()).toHaveLength(1)
  expect(await exportedRecords(page, boardId)).not.toContainEqual(expect.objectContaining({ id: 'shape:url-js' }))
  expect(dialogs).toEqual([])
  expect(owner.errors).toEqual([])
  await owner.context.close()
})

/** An HTTP listener that counts every request: what a hostile embed would make a viewer load. */
async function startCanary(): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>canary</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

test('W2: an embed off tldraw\'s allowlist is refused by the node, and one on it loads nothing under the CSP', async ({ browser, server }) => {
  const canary = await startCanary()
  const owner = await openContext(browser, server.baseUrl)
  const page = owner.page
  // Every request any page of the victim's context makes to an origin other than the app.
  const appOrigin = new URL(server.baseUrl).origin
  const foreign: string[] = []
  owner.context.on('request', (req) => {
    const url = req.url()
    if (/^https?:/.test(url) && new URL(url).origin !== appOrigin) foreign.push(url)
  })
  const { base, room } = await boardWithBaseShape(page, 'embeds')
  const embed = (id: string, url: string, x: number): TLShape => ({ ...base, id, type: 'embed', x, y: 300, props: { w: 400, h: 300, url } }) as unknown as TLShape

  // Off the allowlist (lib/board/embed-allowlist.ts): tldraw would render any URL as an iframe.
  const offList = embed('shape:embed-off-list', `${canary.origin}/off-the-allowlist`, 100)
  expect(await writeOverTheWire(room, offList, true)).toEqual([4400])
  // On it: stored, and rendered by tldraw as YouTube's player, which the page's CSP
  // (frame-src falls back to default-src 'self') keeps from loading.
  const onList = embed('shape:embed-on-list', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 550)
  expect(await writeOverTheWire(room, onList, false)).toEqual([])
  await expect.poll(() => page.evaluate(() => window.__designroom!.editor.getShape('shape:embed-on-list' as never) !== undefined)).toBe(true)
  await expect(page.locator('iframe[src^="https://www.youtube.com/embed/"]')).toHaveCount(1)
  expect(await page.evaluate(() => window.__designroom!.editor.getShape('shape:embed-off-list' as never) !== undefined)).toBe(false)
  await expect(page.locator(`iframe[src^="${canary.origin}"]`)).toHaveCount(0)
  await page.waitForTimeout(2_000)

  expect(canary.requests).toEqual([])
  expect(foreign).toEqual([])
  expect(page.frames().map((f) => f.url()).filter((u) => /^https?:/.test(u) && new URL(u).origin !== appOrigin)).toEqual([])
  await owner.context.close()
  await canary.close()
})

test('A4: text typed and deleted on an interview board before the candidate joins never reaches the candidate', async ({ browser, server }) => {
  const canary = `canary-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  const interviewer = await openContext(browser, server.baseUrl)
  await signUp(interviewer.page, newUser('interviewer'))
  const created = await interviewer.page.request.post('/api/interviews', { data: { template: 'url-shortener' } })
  expect(created.status()).toBe(201)
  const { id, inviteUrl } = (await created.json()) as { id: string; inviteUrl: string }
  await interviewer.page.goto(`/interviews/${id}`)
  await waitForBoard(interviewer.page)

  // Typed with the text tool, as a person would, saved, then deleted and saved again.
  const page = interviewer.page
  await page.getByTestId('tools.text').click()
  await page.mouse.click(640, 160)
  // Keys pressed before the text editor opens would be tool shortcuts instead of text.
  await expect.poll(() => page.evaluate(() => window.__designroom!.editor.getEditingShapeId() !== null)).toBe(true)
  await page.keyboard.type(canary)
  await page.keyboard.press('Escape')
  const typed = (): Promise<string[]> =>
    page.evaluate((c: string) => window.__designroom!.editor.getCurrentPageShapes().filter((s) => JSON.stringify(s).includes(c)).map((s) => String(s.id)), canary)
  await expect.poll(typed).toHaveLength(1)
  await expect(page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')
  const [shapeId] = await typed()
  await page.evaluate((shape: string) => window.__designroom!.editor.deleteShapes([shape as never]), shapeId!)
  await expect.poll(typed).toHaveLength(0)
  await expect(page.getByTestId('board-saved')).toHaveAttribute('data-state', 'saved')

  const candidate = await openContext(browser, server.baseUrl)
  const traffic = recordTraffic(candidate.page)
  await candidate.page.goto(inviteUrl)
  await candidate.page.getByTestId('join-name').fill('Casey Candidate')
  await candidate.page.getByTestId('join-submit').click()
  await expect(candidate.page).toHaveURL(new RegExp(`/interviews/${id}$`))
  await waitForBoard(candidate.page)
  await expect(candidate.page.getByTestId('interview-role')).toHaveText('Candidate')
  // A few polls and awareness rounds go by before the traffic is read.
  await candidate.page.waitForTimeout(2_000)

  const bodies = await receivedBodies(traffic)
  expect(traffic.frames.length).toBeGreaterThan(0)
  expect(bodies.filter((b) => b.text?.includes(canary)).map((b) => b.url)).toEqual([])
  expect(traffic.frames.filter((f) => f.includes(canary))).toHaveLength(0)
  expect(await candidate.page.content()).not.toContain(canary)
  expect([...interviewer.errors, ...candidate.errors]).toEqual([])
  await Promise.all([interviewer.context.close(), candidate.context.close()])
})
