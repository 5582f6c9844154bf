// Board export (GET /api/boards/{id}/export.tldr) and import (POST /api/boards/import) against the
// real server (docs/api.md, "Import and export"). Records are read back straight from the
// server's SQLite file with the app's own readers, so "equal" means what is stored.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import type { Db } from '@/lib/db.server'
import { MAX_TLDR_BYTES, tldrSchema } from '@/lib/board/tldr-file'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { signedInUser, WebClient, type SignedInUser } from '../helpers/web-client'

let server: AppServer
let client: Db
let readBoardDocument: typeof import('@/lib/boards/board-document.server').readBoardDocument
let recordsFromDocument: typeof import('@/lib/board/seed-document').recordsFromDocument
let owner: SignedInUser

beforeAll(async () => {
  server = await startAppServer()
  // The test reads the server's database file directly (WAL mode lets both processes in).
  process.env.DB_PROVIDER = 'sqlite'
  process.env.DATABASE_URL = `file:${join(server.dataDir, 'designroom.db')}`
  process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'
  client = await (await import('@/lib/db.server')).db()
  readBoardDocument = (await import('@/lib/boards/board-document.server')).readBoardDocument
  recordsFromDocument = (await import('@/lib/board/seed-document')).recordsFromDocument
  owner = await signedInUser(server.baseUrl, 'exporter')
})

afterAll(async () => {
  await client?.$disconnect()
  await server?.dispose()
})

async function templateBoard(user: SignedInUser): Promise<string> {
  const res = await user.client.json('/api/boards', 'POST', { template: 'url-shortener' })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function storedRecords(boardId: string): Promise<TLRecord[]> {
  const document = await readBoardDocument(boardId)
  if (!document) throw new Error(`board ${boardId} has no document`)
  return recordsFromDocument(document).sort((a, b) => a.id.localeCompare(b.id))
}

function importFile(user: SignedInUser, body: string, query = '', contentType = 'application/json'): Promise<Response> {
  return user.client.fetch(`/api/boards/import${query}`, { method: 'POST', headers: { 'content-type': contentType }, body })
}

describe('export', () => {
  it('downloads the board as a .tldr attachment named after the title', async () => {
    const id = await templateBoard(owner)
    const res = await owner.client.fetch(`/api/boards/${id}/export.tldr`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/vnd.tldraw+json')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9 ._-]+\.tldr"; filename\*=UTF-8''/)
    const file = (await res.json()) as { tldrawFileFormatVersion: number; schema: unknown; records: TLRecord[] }
    expect(file.tldrawFileFormatVersion).toBe(1)
    expect(file.schema).toEqual(tldrSchema())
    expect(file.records.sort((a, b) => a.id.localeCompare(b.id))).toEqual(await storedRecords(id))
  })

  it('is open to viewers (a view-only share link) and closed to strangers (404)', async () => {
    const id = await templateBoard(owner)
    const share = (await (await owner.client.json(`/api/boards/${id}/shares`, 'POST', { role: 'viewer' })).json()) as { token: string }
    const viewer = await signedInUser(server.baseUrl, 'viewer')
    // Opening the link makes a signed-in person a viewer member (access.server.ts joinViaShare).
    expect((await viewer.client.fetch(`/b/${id}?share=${share.token}`)).status).toBe(200)
    expect((await viewer.client.fetch(`/api/boards/${id}/export.tldr`)).status).toBe(200)
    // Without an account, the link itself opens the export, as it opens the board page.
    expect((await new WebClient(server.baseUrl).fetch(`/api/boards/${id}/export.tldr?share=${share.token}`)).status).toBe(200)

    const stranger = await signedInUser(server.baseUrl, 'stranger')
    const refused = await stranger.client.fetch(`/api/boards/${id}/export.tldr`)
    expect(refused.status).toBe(404)
    expect(await refused.json()).toEqual({ error: 'board not found' })
    expect((await new WebClient(server.baseUrl).fetch(`/api/boards/${id}/export.tldr`)).status).toBe(401)
  })
})

describe('import', () => {
  it('round-trips: export then import gives a board whose records equal the original', async () => {
    const id = await templateBoard(owner)
    const exported = await (await owner.client.fetch(`/api/boards/${id}/export.tldr`)).text()
    const res = await importFile(owner, exported, '?filename=My%20copy.tldr', 'text/plain')
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; url: string; title: string }
    expect(created).toMatchObject({ url: `/b/${created.id}`, title: 'My copy' })
    expect(created.id).not.toBe(id)
    // Nothing ignored: ids, indexes, props and meta all come through unchanged.
    expect(await storedRecords(created.id)).toEqual(await storedRecords(id))
    const listed = (await (await owner.client.fetch('/api/boards')).json()) as { boards: { id: string; role: string }[] }
    expect(listed.boards).toContainEqual(expect.objectContaining({ id: created.id, role: 'owner' }))
  })

  it('takes ?title= over the file name', async () => {
    const id = await templateBoard(owner)
    const exported = await (await owner.client.fetch(`/api/boards/${id}/export.tldr`)).text()
    const res = await importFile(owner, exported, '?title=Imported%20design&filename=x.tldr')
    expect(res.status).toBe(201)
    expect(((await res.json()) as { title: string }).title).toBe('Imported design')
  })

  describe('refuses hostile files and creates nothing', () => {
    let exported: { tldrawFileFormatVersion: number; schema: unknown; records: Record<string, unknown>[] }
    beforeAll(async () => {
      const id = await templateBoard(owner)
      exported = (await (await owner.client.fetch(`/api/boards/${id}/export.tldr`)).json()) as typeof exported
    })

    function tampered(edit: (records: Record<string, unknown>[]) => void): string {
      const copy = structuredClone(exported)
      edit(copy.records)
      return JSON.stringify(copy)
    }
    function firstShape(records: Record<string, unknown>[], type: string): Record<string, unknown> & { props: Record<string, unknown> } {
      const found = records.find((r) => r.typeName === 'shape' && r.type === type)
      if (!found) throw new Error(`no ${type} shape`)
      return found as Record<string, unknown> & { props: Record<string, unknown> }
    }

    const cases: [string, () => string, number, RegExp][] = [
      ['not JSON', () => '{"records": [', 400, /not JSON/],
      ['wrong schema (a newer tldraw)', () => JSON.stringify({ ...exported, schema: { schemaVersion: 2, sequences: { 'com.tldraw.shape.geo': 999 } } }), 400, /schema does not match/],
      ['not a tldraw file', () => JSON.stringify({ type: 'excalidraw', elements: [] }), 400, /not a tldraw file/],
      ['an invalid record', () => tampered((r) => void (firstShape(r, 'geo').props.w = -5)), 400, /invalid record shape:/],
      ['a huge file', () => JSON.stringify({ ...exported, padding: 'x'.repeat(MAX_TLDR_BYTES + 10) }), 413, /larger than 5 MB/],
      ['deep nesting', () => `{"tldrawFileFormatVersion":1,"records":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400, /nested deeper than/],
      [
        'script in text',
        () => tampered((r) => void (firstShape(r, 'text').props.richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '<script>alert(1)</script>' }] }] })),
        400,
        /<script/,
      ],
      [
        'a javascript: link',
        () =>
          tampered(
            (r) =>
              void (firstShape(r, 'text').props.richText = {
                type: 'doc',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }],
              }),
          ),
        400,
        /script URL|link must be/,
      ],
      ['an empty body', () => '', 400, /body is empty/],
    ]

    it.each(cases)('%s', async (_label, make, status, message) => {
      const before = await client.board.count()
      const res = await importFile(owner, make())
      expect(res.status).toBe(status)
      expect(((await res.json()) as { error: string }).error).toMatch(message)
      expect(await client.board.count()).toBe(before)
    })
  })

  it.each([
    ['an SVG image', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['a multipart form', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n{}\r\n--x--'],
    ['HTML', 'text/html', '<script>alert(1)</script>'],
  ])('W5: %s is refused with 415 and creates nothing', async (_label, type, body) => {
    const before = await client.board.count()
    const res = await importFile(owner, body, '', type)
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: string }).error).toMatch(/application\/json/)
    expect(await client.board.count()).toBe(before)
  })

  it('takes the file as text/plain too (what a browser sends for a string body)', async () => {
    const id = await templateBoard(owner)
    const exported = await (await owner.client.fetch(`/api/boards/${id}/export.tldr`)).text()
    expect((await importFile(owner, exported, '', 'text/plain;charset=UTF-8')).status).toBe(201)
  })

  it('needs a signed-in user', async () => {
    const res = await new WebClient(server.baseUrl).fetch('/api/boards/import', { method: 'POST', body: '{}' })
    expect(res.status).toBe(401)
  })
})
