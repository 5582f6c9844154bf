// POST /api/boards/import: a new board from a tldraw `.tldr` file. The body is the file's text
// (application/json or text/plain); the title comes from ?title=, else ?filename= without its
// extension, else "Imported board". The file is parsed and checked in full (lib/board/tldr-file.ts)
// before anything is written, so a refused file creates nothing. 201 { id, url }; 413 over
// MAX_TLDR_BYTES; 415 for any other content type (an image, a form); 400 with the parser's
// message for anything else wrong with it.
import { documentFromRecords } from '@/lib/board/seed-document'
import { MAX_TLDR_BYTES, parseTldr, titleFromFileName } from '@/lib/board/tldr-file'
import { createBoard } from '@/lib/boards/boards.server'
import { titleSchema } from '@/lib/boards/schemas'
import { requireUser } from '@/lib/http/guards.server'
import { describeIssue, jsonError } from '@/lib/http/json'
import { clientKey, RateLimiter } from '@/lib/http/rate-limit'

export const dynamic = 'force-dynamic'

// Parsing and validating a 5 MB file costs real CPU: a person imports a few files a minute, a
// script hammering the route gets 429s. Per signed-in user and per address, in this process.
const perUser = new RateLimiter(20, 60_000)
const perClient = new RateLimiter(60, 60_000)

const TOO_LARGE = `the file is larger than ${MAX_TLDR_BYTES / 1024 / 1024} MB`

/** A .tldr file is JSON text; browsers send a string body as text/plain. No type at all is let through. */
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain', 'application/vnd.tldraw+json'])

function acceptedType(req: Request): boolean {
  const type = req.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  return !type || ACCEPTED_TYPES.has(type)
}

/** The body as text, reading no more than `limit` bytes: a huge upload is cut off, not buffered. */
async function readCapped(req: Request, limit: number): Promise<{ ok: true; text: string } | { ok: false }> {
  if (!req.body) return { ok: true, text: '' }
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      return { ok: false }
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: true, text: '\u0000' } // not UTF-8: parseTldr reports "not JSON"
  }
}

export async function POST(req: Request): Promise<Response> {
  const who = await requireUser(req)
  if (!who.ok) return who.response
  if (!perUser.take(who.value.id) || !perClient.take(clientKey(req))) {
    return jsonError(429, 'too many imports; wait a minute and try again')
  }

  const query = new URL(req.url).searchParams
  const rawTitle = query.get('title') ?? titleFromFileName(query.get('filename') ?? '')
  const title = titleSchema.safeParse(rawTitle || 'Imported board')
  if (!title.success) return jsonError(400, describeIssue(title.error))

  if (!acceptedType(req)) return jsonError(415, 'send the .tldr file itself as the body, as application/json')
  const length = Number(req.headers.get('content-length') ?? '0')
  if (length > MAX_TLDR_BYTES) return jsonError(413, TOO_LARGE)
  const body = await readCapped(req, MAX_TLDR_BYTES)
  if (!body.ok) return jsonError(413, TOO_LARGE)
  if (body.text.trim() === '') return jsonError(400, 'the body is empty; send the .tldr file as the request body')

  const parsed = parseTldr(body.text)
  if (!parsed.ok) return jsonError(parsed.code === 'too-large' ? 413 : 400, parsed.error)
  const board = await createBoard(who.value.id, title.data, documentFromRecords(parsed.records))
  return Response.json({ id: board.id, title: board.title, url: `/b/${board.id}` }, { status: 201 })
}
