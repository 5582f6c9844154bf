// Matrix W3 (docs/reliability.md): no server-side path fetches a URL a user wrote. No route
// unfurls links or proxies images today (PNG/SVG export runs in the browser), so this is the
// guard for later: a board whose records point at a canary listener (an image asset's src, a
// bookmark asset's image and favicon, a shape's link, a rich-text link) goes through every
// server path that reads a document (import, the room, the board page, export, versions,
// publishing as a community template with its server-rendered thumbnail, the gallery), and
// the canary must see 0 connections. A fetch from the test at the end proves the canary counts.
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

let server: AppServer
let owner: SignedInUser
let canary: Server
let canaryPort = 0
let connections = 0

beforeAll(async () => {
  canary = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve))
  canaryPort = (canary.address() as { port: number }).port
  server = await startAppServer()
  owner = await signedInUser(server.baseUrl, 'ssrf')
})

afterAll(async () => {
  await server?.dispose()
  await new Promise((resolve) => canary?.close(resolve))
})

type FileRecord = { id: string; typeName: string; type?: string; props?: Record<string, unknown> } & Record<string, unknown>
type TldrFile = { records: FileRecord[] } & Record<string, unknown>

/** The exported file with every URL-bearing field pointed at the canary. */
function withCanaryUrls(file: TldrFile): TldrFile {
  const at = (path: string) => `http://127.0.0.1:${canaryPort}/${path}`
  const records = file.records.map((r) => ({ ...r }))
  const geo = records.find((r) => r.typeName === 'shape' && r.type === 'geo')
  const page = records.find((r) => r.typeName === 'page')
  if (!geo || !page) throw new Error('the template board has no geo shape or page')
  const link = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'see', marks: [{ type: 'link', attrs: { href: at('rich-link'), target: '_blank' } }] }] }] }
  Object.assign(geo, { props: { ...geo.props, url: at('shape-link'), richText: link } })
  records.push(
    {
      id: 'asset:canary-image', typeName: 'asset', type: 'image', meta: {},
      props: { name: 'canary.png', src: at('image.png'), w: 64, h: 64, mimeType: 'image/png', isAnimated: false, fileSize: 100 },
    },
    {
      id: 'shape:canary-image', typeName: 'shape', type: 'image', parentId: page.id, index: 'a9', x: 0, y: 0, rotation: 0,
      isLocked: false, opacity: 1, meta: {},
      props: { w: 64, h: 64, playing: true, url: at('image-shape'), assetId: 'asset:canary-image', crop: null, flipX: false, flipY: false, altText: '' },
    },
    {
      id: 'asset:canary-bookmark', typeName: 'asset', type: 'bookmark', meta: {},
      props: { src: at('page'), title: 'canary', description: '', image: at('preview.png'), favicon: at('favicon.ico') },
    },
    {
      id: 'shape:canary-bookmark', typeName: 'shape', type: 'bookmark', parentId: page.id, index: 'a8', x: 100, y: 0, rotation: 0,
      isLocked: false, opacity: 1, meta: {},
      props: { w: 300, h: 320, assetId: 'asset:canary-bookmark', url: at('bookmark') },
    },
  )
  return { ...file, records }
}

describe('SSRF canary (W3)', () => {
  it('a board full of links to a canary listener makes the server connect to it 0 times', async () => {
    const created = await owner.client.json('/api/boards', 'POST', { template: 'url-shortener' })
    expect(created.status).toBe(201)
    const source = ((await created.json()) as { id: string }).id
    const file = withCanaryUrls((await (await owner.client.fetch(`/api/boards/${source}/export.tldr`)).json()) as TldrFile)

    const imported = await owner.client.fetch('/api/boards/import?filename=canary.tldr', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(file),
    })
    expect(imported.status, await imported.clone().text()).toBe(201)
    const id = ((await imported.json()) as { id: string }).id

    // Every server path that reads the document.
    const lookup = roomLookupSchema.parse(await (await owner.client.fetch(`/api/rooms/${id}`)).json())
    const client = connectClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitForSynced(client, 10_000)
    } finally {
      client.destroy()
    }
    expect((await owner.client.fetch(`/b/${id}`)).status).toBe(200)
    const exported = await (await owner.client.fetch(`/api/boards/${id}/export.tldr`)).text()
    expect(exported).toContain(`127.0.0.1:${canaryPort}/image.png`) // the URLs really are in the board
    const version = await owner.client.json(`/api/boards/${id}/versions`, 'POST', { name: 'with links' })
    expect(version.status).toBe(201)
    const versionId = ((await version.json()) as { id: number }).id
    expect((await owner.client.fetch(`/api/boards/${id}/versions/${versionId}`)).status).toBe(200)
    const published = await owner.client.json('/api/templates/community', 'POST', { boardId: id, topic: 'caching', summary: 'links' })
    expect(published.status).toBe(201)
    expect((await owner.client.fetch('/templates')).status).toBe(200)
    expect((await owner.client.fetch('/api/templates/community')).status).toBe(200)

    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(connections).toBe(0)
    // The canary is not deaf: one fetch from the test is counted.
    await fetch(`http://127.0.0.1:${canaryPort}/control`).catch(() => {})
    expect(connections).toBe(1)
  }, 60_000)
})
