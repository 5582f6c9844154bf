import NextAuth from 'next-auth'
import { authOptions } from '@/lib/auth/options.server'

export const dynamic = 'force-dynamic'

type Context = { params: Promise<{ nextauth: string[] }> }

function handler(req: Request, context: Context): Promise<Response> {
  // next-auth v4 detects the App Router from context.params and answers with a Response.
  return NextAuth(req as never, context as never, authOptions()) as Promise<Response>
}

export { handler as GET, handler as POST }
