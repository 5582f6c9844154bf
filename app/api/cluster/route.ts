// GET /api/cluster: the registry's live sync nodes, for the /cluster status page. See docs/api.md
// ("Cluster status").
//
// Public on purpose: it is a teaching aid for the scale-out pattern, and NodeInfo carries only
// per-node counts (no room names, board ids or user data), so it reveals nothing about any
// board. Node URLs and pids are what `npm run cluster` already prints.
import { sameOriginSyncUrl } from '@/lib/http/origin'
import type { NodeInfo } from '@/lib/rooms/registry'
import { getRegistry } from '@/lib/rooms/tier.server'

export const dynamic = 'force-dynamic'

export async function GET(req: Request): Promise<Response> {
  let live: NodeInfo[]
  try {
    live = await getRegistry().liveNodes()
  } catch (error) {
    // A down Redis (scale-out) fails this read like it fails the lookup: 503, not a crash.
    console.error('designroom: cluster status could not read the node registry', error)
    return Response.json({ error: 'the node registry is unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } })
  }
  // url '' is the embedded node: "same origin as the web tier", reported as the lookup would.
  const sameOrigin = sameOriginSyncUrl(req)
  const nodes = live
    .map(({ id, url, pid, rooms, connections, relay, lastSeen }) => ({ id, url: url === '' ? sameOrigin : url, pid, rooms, connections, relay, lastSeen }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  // Live counts change every heartbeat: never serve a cached copy.
  return Response.json({ nodes }, { headers: { 'cache-control': 'no-store' } })
}
