import NextAuth from 'next-auth'
import { z } from 'zod'
import { authOptions, TOO_MANY_SIGN_INS } from '@/lib/auth/options.server'
import { signInAccountKey, signInLockout } from '@/lib/auth/sign-in-limits.server'
import { clientKey } from '@/lib/http/rate-limit'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ nextauth: string[] }> }

const credentialsForm = z.object({ email: z.string() })

/**
 * A locked-out password sign-in gets HTTP 429 with Retry-After (reliability.md W8), not next-auth's
 * own error page answer. The body keeps next-auth's `{ url }` shape with the same error code, so
 * its client (`signIn(..., { redirect: false })`) still reports `TooManySignIns` to the form.
 */
async function lockedOut(req: Request): Promise<Response | null> {
  let fields: unknown
  try {
    const type = req.headers.get('content-type') ?? ''
    fields = type.includes('application/json') ? await req.clone().json() : Object.fromEntries(await req.clone().formData())
  } catch {
    return null // not a form: next-auth answers it as it would anyway
  }
  const form = credentialsForm.safeParse(fields)
  if (!form.success) return null
  const wait = signInLockout(signInAccountKey(form.data.email), clientKey(req))
  if (wait === null) return null
  const url = new URL(`/signin?error=${TOO_MANY_SIGN_INS}`, req.url).toString()
  return Response.json(
    { url, error: `too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s)` },
    { status: 429, headers: { 'retry-after': String(wait), 'cache-control': 'no-store' } },
  )
}

async function handler(req: Request, context: Context): Promise<Response> {
  if (req.method === 'POST' && new URL(req.url).pathname.endsWith('/callback/credentials')) {
    const refused = await lockedOut(req)
    if (refused) return refused
  }
  // next-auth v4 detects the App Router from context.params and answers with a Response.
  return NextAuth(req as never, context as never, authOptions()) as Promise<Response>
}

export { handler as GET, handler as POST }
