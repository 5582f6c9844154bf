// Small helpers for route handlers: JSON errors in one shape, and body parsing that turns every
// way a body can be wrong into a 4xx with a message a person can act on.
import type { z } from 'zod'

export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status })
}

/** "title: title must be at most 120 characters" style message from the first zod issue. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid input'
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`
  return issue.message
}

const MAX_BODY_BYTES = 16 * 1024

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response }

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<Parsed<z.output<S>>> {
  // The content type is not checked: a client that forgets the header still gets JSON parsing
  // and a clear 400. CSRF is handled by the Origin check (origin.ts) and SameSite cookies.
  const length = Number(req.headers.get('content-length') ?? '0')
  if (length > MAX_BODY_BYTES) return { ok: false, response: jsonError(413, 'body too large') }
  const text = await req.text()
  if (text.length > MAX_BODY_BYTES) return { ok: false, response: jsonError(413, 'body too large') }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, response: jsonError(400, 'body is not valid JSON') }
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) return { ok: false, response: jsonError(400, describeIssue(parsed.error)) }
  return { ok: true, data: parsed.data }
}
