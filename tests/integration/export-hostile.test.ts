// Reliability matrix B12 on the export route: a board whose stored log holds what the sync node
// would refuse (a Y.Map nested 5,000 deep, a record whose meta nests 5,000 deep) is answered with
// 422 and a message, not a crash or a 500, and the server keeps serving. The rows are written
// straight into the server's SQLite file: the node's validator (sync-records.test.ts B12) would
// refuse them over a socket, and the point is what happens when one got in anyway.
import { join } from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrismaClient } from '@/generated/sqlite/client'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { deepMapUpdate, deepMetaUpdate } from '../helpers/hostile-docs'
import { signedInUser, type SignedInUser } from '../helpers/web-client'

const DEPTH = 5_000

let server: AppServer
let prisma: PrismaClient
let owner: SignedInUser

beforeAll(async () => {
  server = await startAppServer()
  prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${join(server.dataDir, 'designroom.db')}` }) })
  owner = await signedInUser(server.baseUrl, 'b12')
}, 90_000)

afterAll(async () => {
  await prisma?.$disconnect()
  await server?.dispose()
})

async function templateBoard(): Promise<string> {
  const res = await owner.client.json('/api/boards', 'POST', { template: 'url-shortener' })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

it.each([
  ['a Y.Map nested 5,000 deep in the records array', () => deepMapUpdate(DEPTH), /not a record|not plain data/],
  ['a record whose meta nests 5,000 deep', () => deepMetaUpdate(DEPTH), /nested (too deeply|deeper than)/],
])('B12: a stored log holding %s: export answers 422 with a message; the server keeps serving', async (_name, hostile, reason) => {
  const boardId = await templateBoard()
  const data = hostile()
  expect(data.byteLength, 'deep enough to matter').toBeGreaterThan(10_000)
  await prisma.boardUpdate.create({ data: { boardId, data } })

  const res = await owner.client.fetch(`/api/boards/${boardId}/export.tldr`)
  expect(res.status).toBe(422)
  const { error } = (await res.json()) as { error: string }
  expect(error).toMatch(/^this board cannot be exported: /)
  expect(error).toMatch(reason)

  // Still serving: health, and an honest board's export, right after.
  expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200)
  const honest = await owner.client.fetch(`/api/boards/${await templateBoard()}/export.tldr`)
  expect(honest.status).toBe(200)
  expect(((await honest.json()) as { records: unknown[] }).records.length).toBeGreaterThan(0)
})
