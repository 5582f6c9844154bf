// GET /api/boards/{id}/export.tldr: the board as a tldraw `.tldr` file (lib/board/tldr-file.ts).
// Anyone who may open the board may export it, viewers included: a member, a share-link holder
// (?share=, as the board page and /api/rooms take it) or the interview's candidate. Exporting
// copies nothing that person could not already see and copy off the canvas.
import type { TLRecord } from '@tldraw/tlschema'
import { checkedRecords, UnreadableDocumentError } from '@/lib/board/stored-records'
import { serializeTldr, tldrFileName } from '@/lib/board/tldr-file'
import { readBoardDocument } from '@/lib/boards/board-document.server'
import { requireVisitor } from '@/lib/http/guards.server'
import { jsonError } from '@/lib/http/json'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const visitor = await requireVisitor(req, id, 'viewer')
  if (!visitor.ok) return visitor.response
  const { board } = visitor.value
  let records: TLRecord[]
  try {
    const document = await readBoardDocument(id)
    if (!document) return jsonError(404, 'board not found')
    records = checkedRecords(document)
  } catch (error) {
    // The stored log holds what no client could write (B12): say so rather than fail with a 500.
    if (error instanceof UnreadableDocumentError) return jsonError(422, `this board cannot be exported: ${error.message}`)
    throw error
  }
  const name = tldrFileName(board.title)
  return new Response(serializeTldr(records), {
    headers: {
      // tldraw's own MIME type for .tldr files (TLDRAW_FILE_MIMETYPE).
      'content-type': 'application/vnd.tldraw+json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${board.title}.tldr`)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  })
}
