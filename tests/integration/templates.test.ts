// Templates through the real server: the public list, a board created from every template read
// back through a stock y-websocket client (the document holds exactly the template's records),
// the blank interview start, bad requests, and the gallery pages.
import { YKeyValue } from 'y-utility/y-keyvalue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import { recordsArray } from '@/lib/board/layout'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { compileTemplate, partsOf } from '@/lib/templates/compile'
import { TEMPLATES } from '@/templates'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitForSynced } from '../helpers/sync-harness'
import { WebClient } from '../helpers/web-client'

let server: AppServer
let user: WebClient

beforeAll(async () => {
  server = await startAppServer()
  user = new WebClient(server.baseUrl)
  const email = `templates-${Date.now().toString(36)}@example.test`
  expect((await user.json('/api/signup', 'POST', { email, name: 'Template user', password: 'pw-templates-secret' })).status).toBe(201)
  expect((await user.signIn(email, 'pw-templates-secret')).status).toBe(200)
}, 60_000)

afterAll(async () => {
  await server?.dispose()
})

/** The board's records as a stock client sees them after sync. */
async function boardRecords(boardId: string): Promise<Map<string, TLRecord>> {
  const res = await user.fetch(`/api/rooms/${boardId}`)
  expect(res.status).toBe(200)
  const lookup = roomLookupSchema.parse(await res.json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(client.doc))
    return new Map([...kv.map].map(([key, entry]) => [key, entry.val]))
  } finally {
    client.destroy()
  }
}

/** Text as React renders it into HTML (attribute and text escaping). */
const html = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')

async function createFrom(body: Record<string, unknown>): Promise<Response> {
  return user.json('/api/boards', 'POST', body)
}

describe('GET /api/templates', () => {
  it('lists every built-in template, topics first, with its topic and simulator, publicly', async () => {
    const res = await fetch(`${server.baseUrl}/api/templates`)
    expect(res.status).toBe(200)
    const list = (await res.json()) as Array<Record<string, unknown>>
    expect(list.map((t) => t.slug)).toEqual(TEMPLATES.map((t) => t.slug))
    for (const [i, t] of list.entries()) {
      expect(t).toMatchObject({ slug: TEMPLATES[i]!.slug, title: TEMPLATES[i]!.title, topic: TEMPLATES[i]!.topic, simulator: TEMPLATES[i]!.simulator })
      // The interviewer's material is not part of the public answer.
      expect(t).not.toHaveProperty('hints')
      expect(t).not.toHaveProperty('rubric')
    }
  })
})

describe('POST /api/boards from a template', () => {
  it.each(TEMPLATES.map((t) => [t.slug, t] as const))('%s: the new board holds exactly the reference records', async (_slug, spec) => {
    const res = await createFrom({ template: spec.slug })
    expect(res.status).toBe(201)
    const board = (await res.json()) as { id: string; title: string; role: string }
    expect(board).toMatchObject({ title: spec.title, role: 'owner' })
    const records = await boardRecords(board.id)
    const expected = compileTemplate(spec, 'reference')
    expect([...records.keys()].sort()).toEqual(expected.map((r) => r.id).sort())
    for (const record of expected) expect(records.get(record.id)).toEqual(record)
  })

  it('the blank start holds the prompt and one part per component kind, and no arrows', async () => {
    const spec = TEMPLATES[0]!
    const res = await createFrom({ template: spec.slug, variant: 'blank', title: 'Mock interview' })
    expect(res.status).toBe(201)
    const board = (await res.json()) as { id: string; title: string }
    expect(board.title).toBe('Mock interview')
    const shapes = [...(await boardRecords(board.id)).values()].filter((r) => r.typeName === 'shape') as Array<TLRecord & { type: string; index: string; props: { kind?: string } }>
    expect(shapes.filter((s) => s.type === 'arrow')).toEqual([])
    const tray = shapes.filter((s) => s.type === 'component').sort((a, b) => (a.index < b.index ? -1 : 1))
    expect(tray.map((s) => s.props.kind)).toEqual(partsOf(spec))
  })

  it('refuses an unknown template, a bad variant and a signed-out caller with clear errors', async () => {
    const unknown = await createFrom({ template: 'no-such-template' })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual({ error: 'unknown template "no-such-template"; GET /api/templates lists them' })
    const variant = await createFrom({ template: TEMPLATES[0]!.slug, variant: 'finished' })
    expect(variant.status).toBe(400)
    expect(await variant.json()).toEqual({ error: 'variant must be "reference" or "blank"' })
    const anonymous = await fetch(`${server.baseUrl}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: TEMPLATES[0]!.slug }),
    })
    expect(anonymous.status).toBe(401)
  })
})

describe('gallery pages', () => {
  it('/templates shows every template with a generated thumbnail, and filters by topic', async () => {
    const all = await (await fetch(`${server.baseUrl}/templates`)).text()
    for (const spec of TEMPLATES) {
      expect(all).toContain(`data-testid="template-${spec.slug}"`)
      expect(all).toContain(`aria-label="Preview of ${html(spec.title)}"`)
    }
    const topic = TEMPLATES[1]!.topic
    const filtered = await (await fetch(`${server.baseUrl}/templates?topic=${topic}`)).text()
    for (const spec of TEMPLATES) {
      expect(filtered.includes(`data-testid="template-${spec.slug}"`)).toBe(spec.topic === topic)
    }
  })

  it('a template page shows the interviewer guide only to signed-in users', async () => {
    const spec = TEMPLATES[0]!
    const anonymous = await (await fetch(`${server.baseUrl}/templates/${spec.slug}`)).text()
    expect(anonymous).toContain(html(spec.prompt.statement.slice(0, 40)))
    expect(anonymous).not.toContain('data-testid="interviewer-guide"')
    expect(anonymous).not.toContain(html(spec.hints[0]!.slice(0, 40)))
    const signedIn = await (await user.fetch(`/templates/${spec.slug}`)).text()
    expect(signedIn).toContain('data-testid="interviewer-guide"')
    expect((await fetch(`${server.baseUrl}/templates/no-such-template`)).status).toBe(404)
  })
})
