// The matrix's CONVERGE check (reliability §6.4): within 2 s, every given client doc and the board
// as stored in the database (snapshot plus every log row, decoded) have equal state vectors and
// equal toJSON(), and no doc holds pending structs. The failure names the records that differ,
// which is what one needs to tell a lost edit from a stuck relay.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import * as Y from 'yjs'
import { PrismaClient } from '@/generated/sqlite/client'
import { metaMap, recordsArray } from '@/lib/board/layout'

export type BoardStore = {
  /** The board as stored, read in one transaction so a concurrent compaction cannot split it. */
  storedDoc(boardId: string): Promise<Y.Doc>
  /** SQLite's `PRAGMA integrity_check` answer: 'ok' or the list of problems. */
  integrityCheck(): Promise<string>
  close(): Promise<void>
}

export function openBoardStore(databaseUrl: string): BoardStore {
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }) })
  return {
    async storedDoc(boardId) {
      const [snapshot, rows] = await db.$transaction([
        db.boardSnapshot.findUnique({ where: { boardId } }),
        db.boardUpdate.findMany({ where: { boardId }, orderBy: { id: 'asc' } }),
      ])
      const doc = new Y.Doc()
      if (snapshot) Y.applyUpdate(doc, new Uint8Array(snapshot.data))
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data))
      return doc
    },
    async integrityCheck() {
      const rows = await db.$queryRawUnsafe<Array<{ integrity_check: string }>>('PRAGMA integrity_check')
      return rows.map((r) => r.integrity_check).join('; ')
    },
    close: () => db.$disconnect(),
  }
}

type Named = { name: string; doc: Y.Doc }

function stateVector(doc: Y.Doc): string {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b).map(([c, k]) => `${c}:${k}`).join(',')
}

/** The Yjs clients whose clocks differ, as `client: mine vs theirs`. */
function clockDiff(mine: Y.Doc, theirs: Y.Doc): string {
  const a = Y.decodeStateVector(Y.encodeStateVector(mine))
  const b = Y.decodeStateVector(Y.encodeStateVector(theirs))
  const ids = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id))
  return ids.map((id) => `${id}: ${a.get(id) ?? 0} vs ${b.get(id) ?? 0}`).join(', ')
}

function records(doc: Y.Doc): Map<string, string> {
  return new Map(recordsArray(doc).toArray().map((e) => [e.key, JSON.stringify(e.val)]))
}

/** '' when all docs agree; otherwise what differs, per doc, against the first one. */
export function divergence(docs: readonly Named[]): string {
  const [base, ...rest] = docs
  if (!base) return ''
  const problems: string[] = []
  // toJSON lists only the root types a doc has touched; touch the board's roots everywhere so
  // a doc that never read `meta` does not differ by an empty map.
  for (const { doc } of docs) {
    recordsArray(doc)
    metaMap(doc)
  }
  for (const { name, doc } of docs) {
    if (doc.store.pendingStructs || doc.store.pendingDs) problems.push(`${name} holds pending structs (a missing dependency)`)
  }
  const baseSv = stateVector(base.doc)
  const baseJson = JSON.stringify(base.doc.toJSON())
  const baseRecords = records(base.doc)
  for (const { name, doc } of rest) {
    if (stateVector(doc) === baseSv && JSON.stringify(doc.toJSON()) === baseJson) continue
    const mine = records(doc)
    const missing = [...baseRecords.keys()].filter((k) => !mine.has(k))
    const extra = [...mine.keys()].filter((k) => !baseRecords.has(k))
    const changed = [...mine.keys()].filter((k) => baseRecords.has(k) && baseRecords.get(k) !== mine.get(k))
    const order = missing.length + extra.length + changed.length === 0 ? ' (same records, different order or roots)' : ''
    const list = (keys: string[]): string => `${keys.length} [${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}]`
    problems.push(
      `${name} differs from ${base.name}: clocks {${clockDiff(doc, base.doc)}}; ` +
        `missing ${list(missing)}, extra ${list(extra)}, changed ${list(changed)}${order}`,
    )
  }
  return problems.join('\n')
}

/**
 * Waits up to `withinMs` (the matrix's 2 s) for the client docs and the stored board to agree;
 * throws with the last difference otherwise. Returns how long convergence took.
 */
export async function expectConverged(options: { clients: readonly Y.Doc[]; stored: () => Promise<Y.Doc>; withinMs?: number }): Promise<number> {
  const started = Date.now()
  const deadline = started + (options.withinMs ?? 2_000)
  for (;;) {
    const stored = await options.stored()
    const problem = divergence([{ name: 'database', doc: stored }, ...options.clients.map((doc, i) => ({ name: `client ${i}`, doc }))])
    stored.destroy()
    if (!problem) return Date.now() - started
    if (Date.now() >= deadline) throw new Error(`CONVERGE failed after ${Date.now() - started} ms:\n${problem}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
