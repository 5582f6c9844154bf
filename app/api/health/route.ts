import packageJson from '@/package.json'
import { db } from '@/lib/db.server'

export const dynamic = 'force-dynamic'

export async function GET(): Promise<Response> {
  let database: 'ok' | 'error' = 'ok'
  try {
    const client = await db()
    await client.$queryRawUnsafe('SELECT 1')
  } catch (error) {
    console.error('designroom: health check could not reach the database', error)
    database = 'error'
  }
  const body = { status: database === 'ok' ? 'ok' : 'error', version: packageJson.version, database }
  return Response.json(body, { status: database === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } })
}
