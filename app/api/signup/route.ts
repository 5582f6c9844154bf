import { signupSchema } from '@/lib/auth/signup-schema'
import { createPasswordUser } from '@/lib/auth/users.server'
import { jsonError, readJson } from '@/lib/http/json'
import { isCrossOrigin } from '@/lib/http/origin'

export const dynamic = 'force-dynamic'

export async function POST(req: Request): Promise<Response> {
  if (isCrossOrigin(req)) return jsonError(403, 'cross-origin request refused')
  const body = await readJson(req, signupSchema)
  if (!body.ok) return body.response
  const result = await createPasswordUser(body.data)
  if (!result.ok) return jsonError(409, 'an account with this email already exists')
  return Response.json(result.user, { status: 201 })
}
