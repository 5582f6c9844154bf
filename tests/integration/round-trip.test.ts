// Reliability D8 (docs/reliability.md): export then import, for 20 seeded boards. Each board is
// drawn from the templates' real records (components, arrows with their bindings, geo, text and
// notes), shuffled onto one to three pages, moved and re-worded by a seeded PRNG, and written
// through a stock y-websocket client as a browser would. Its .tldr export, imported as a new
// board, must store exactly the same records as the original.
import { join } from 'node:path'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PageRecordType, toRichText, type TLRecord } from '@tldraw/tlschema'
import { recordsArray } from '@/lib/board/layout'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { Rng } from '@/lib/sim/engine/rng'
import { compileTemplate, indexKey } from '@/lib/templates/compile'
import { TEMPLATES } from '@/templates'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

const BOARDS = 20
/** BOARD_SEED replays one failing board; the default run is the same 20 boards every time. */
const FIRST_SEED = Number(process.env.BOARD_SEED ?? 8_000)
const COUNT = process.env.BOARD_SEED ? 1 : BOARDS

let server: AppServer
let owner: SignedInUser
let storedRecords: (boardId: string) => Promise<TLRecord[]>
let disconnect: (() => Promise<void>) | undefined

beforeAll(async () => {
  server = await startAppServer()
  // The server's SQLite file, read with the app's own readers (WAL mode lets both processes in).
  process.env.DB_PROVIDER = 'sqlite'
  process.env.DATABASE_URL = `file:${join(server.dataDir, 'designroom.db')}`
  process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'
  const client = await (await import('@/lib/db.server')).db()
  disconnect = () => client.$disconnect()
  const { readBoardDocument } = await import('@/lib/boards/board-document.server')
  const { recordsFromDocument } = await import('@/lib/board/seed-document')
  storedRecords = async (boardId) => {
    const document = await readBoardDocument(boardId)
    if (!document) throw new Error(`board ${boardId} has no document`)
    return recordsFromDocument(document).sort((a, b) => a.id.localeCompare(b.id))
  }
  owner = await signedInUser(server.baseUrl, 'roundtrip')
})

afterAll(async () => {
  await disconnect?.()
  await server?.dispose()
})

type Shape = TLRecord & { typeName: 'shape'; x: number; y: number; parentId: string; index: string; props: Record<string, unknown> }
type Binding = TLRecord & { typeName: 'binding'; fromId: string; toId: string }

const WORDS = ['cache', 'shard', 'queue', 'replica', 'p99', 'fan-out', 'quorum', 'hot key', 'TTL', 'back-pressure', 'écriture', '読み取り', '🚀']

function words(rng: Rng): string {
  return Array.from({ length: 1 + rng.int(6) }, () => WORDS[rng.int(WORDS.length)]!).join(' ')
}

/** One seeded board: records from one or two templates, spread over pages, moved and re-worded. */
function seededBoard(seed: number): TLRecord[] {
  const rng = new Rng(seed)
  const pages = Array.from({ length: 1 + rng.int(3) }, (_, i) =>
    PageRecordType.create({ id: PageRecordType.createId(`p${seed}-${i}`), name: words(rng), index: indexKey(i) }),
  )
  const templates = Array.from({ length: 1 + rng.int(2) }, () => TEMPLATES[rng.int(TEMPLATES.length)]!)
  const records: TLRecord[] = [...pages]
  for (const template of new Set(templates)) {
    // A template's shapes stay on one page together, so every arrow binding stays on its page.
    const page = pages[rng.int(pages.length)]!.id
    const dx = rng.int(4000) - 2000
    const dy = rng.int(4000) - 2000
    const compiled = compileTemplate(template, 'reference')
    const shapes = compiled.filter((r): r is Shape => r.typeName === 'shape')
    // Unbound decorations may be dropped; components and arrows stay so bindings stay whole.
    const kept = shapes.filter((s) => s.type === 'component' || s.type === 'arrow' || rng.next() < 0.7)
    for (const shape of kept) {
      const props = { ...shape.props }
      if ('richText' in props && shape.type !== 'arrow') props.richText = toRichText(words(rng))
      records.push({ ...shape, parentId: page, x: shape.x + dx + rng.next(), y: shape.y + dy + rng.next(), rotation: rng.int(4) === 0 ? rng.next() * Math.PI : 0, props } as TLRecord)
    }
    records.push(...compiled.filter((r): r is Binding => r.typeName === 'binding'))
  }
  return records
}

async function writeBoard(records: TLRecord[]): Promise<string> {
  const res = await owner.client.json('/api/boards', 'POST', { title: 'Round trip' })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  const lookup = roomLookupSchema.parse(await (await owner.client.fetch(`/api/rooms/${id}`)).json())
  const client = connectClient(lookup.url, lookup.room, lookup.token)
  try {
    await waitForSynced(client, 10_000)
    const kv = new YKeyValue<TLRecord>(recordsArray<TLRecord>(client.doc))
    client.doc.transact(() => records.forEach((r) => kv.set(r.id, r)))
    const ids = new Set(records.map((r) => r.id))
    await waitFor(async () => (await storedRecords(id)).filter((r) => ids.has(r.id)).length === ids.size, 'the board is saved', 10_000)
    return id
  } finally {
    client.destroy()
  }
}

describe('export then import', () => {
  it(`${COUNT} seeded boards (seeds ${FIRST_SEED}…${FIRST_SEED + COUNT - 1}) come back with deep-equal records`, async () => {
    const sizes: number[] = []
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const generated = seededBoard(seed)
      const source = await writeBoard(generated)
      const original = await storedRecords(source)
      // The sync path stored every record exactly as written (validation changed nothing).
      const byId = new Map(original.map((r) => [r.id, r]))
      for (const record of generated) expect(byId.get(record.id), `seed ${seed}: ${record.id}`).toEqual(record)

      const exported = await owner.client.fetch(`/api/boards/${source}/export.tldr`)
      expect(exported.status).toBe(200)
      const imported = await owner.client.fetch('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: await exported.text() })
      expect(imported.status, `seed ${seed}`).toBe(201)
      const copy = ((await imported.json()) as { id: string }).id
      expect(await storedRecords(copy), `seed ${seed}`).toEqual(original)
      sizes.push(original.length)
    }
    expect(sizes).toHaveLength(COUNT)
    expect(Math.min(...sizes)).toBeGreaterThan(10)
    console.info(`round trip: ${COUNT} boards, ${Math.min(...sizes)}–${Math.max(...sizes)} records each`)
  }, 120_000)
})
