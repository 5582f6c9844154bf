import { requireInterviewer } from '@/lib/http/interview-guard.server'
import { readJson } from '@/lib/http/json'
import { noteSchema } from '@/lib/interviews/contract'
import { addNote } from '@/lib/interviews/interviews.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ id: string }> }

/** A private note, stamped with the interview clock's elapsed time. */
export async function POST(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params
  const who = await requireInterviewer(req, id)
  if (!who.ok) return who.response
  const body = await readJson(req, noteSchema)
  if (!body.ok) return body.response
  return Response.json(await addNote(who.value.facts, who.value.user.id, body.data.text), { status: 201 })
}
