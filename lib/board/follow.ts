// "Bring everyone to me": which peer this tab should start or stop following, given everyone's
// lead requests. Pure, so the rules are unit-tested; app/b/[id]/FollowLead.tsx applies them.
import type { Peer } from './presence'

export type FollowAction = { kind: 'follow'; peer: Peer } | { kind: 'stop' } | null

/**
 * `seen` holds each peer's last lead value this tab acted on (updated in place). A peer with a
 * new lead value is followed (the most recent request wins when several lead at once); when the
 * peer this tab follows stops leading, following stops. A person who follows someone by choice
 * (the leader never led) keeps following: only a withdrawn request ends it.
 */
export function followAction(peers: readonly Peer[], seen: Map<number, number | null>, followingUserId: string | null): FollowAction {
  let newest: Peer | null = null
  let stop = false
  const present = new Set<number>()
  for (const peer of peers) {
    if (peer.isSelf) continue
    present.add(peer.clientId)
    const before = seen.get(peer.clientId) ?? null
    if (peer.lead !== null && peer.lead !== before && (newest === null || peer.lead > (newest.lead ?? 0))) newest = peer
    if (peer.lead === null && before !== null && peer.userId === followingUserId) stop = true
    seen.set(peer.clientId, peer.lead)
  }
  for (const clientId of [...seen.keys()]) if (!present.has(clientId)) seen.delete(clientId)
  if (newest) return newest.userId === followingUserId ? null : { kind: 'follow', peer: newest }
  return stop ? { kind: 'stop' } : null
}
