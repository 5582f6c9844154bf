// The sync servers and the lookup's view of them. A server holds, per room, the clients
// connected to it; the registry (the placement's live set) only forgets a dead server when its
// lease runs out, and counts which keys moved each time the live set changes.
import type { Client } from './client'
import type { Placement } from './placement'

export type Server = {
  id: string
  up: boolean
  /** room index -> clients of that room connected here */
  members: Map<number, Set<Client>>
  connections: number
  pubsubOut: number
  pubsubIn: number
  /** Bumped on every failure so a stale lease-expiry event is ignored after a restart. */
  incarnation: number
}

export function makeServer(i: number): Server {
  return { id: `s${i}`, up: true, members: new Map(), connections: 0, pubsubOut: 0, pubsubIn: 0, incarnation: 0 }
}

export function join(server: Server, client: Client): void {
  let set = server.members.get(client.room)
  if (!set) server.members.set(client.room, (set = new Set()))
  set.add(client)
  server.connections++
}

export function leave(server: Server, client: Client): void {
  const set = server.members.get(client.room)
  if (!set?.delete(client)) return
  server.connections--
  if (set.size === 0) server.members.delete(client.room)
}

/** One change of the live set: every key's owner before and after. */
export type Move = { server: string; kind: 'removed' | 'added'; before: Map<string, string | undefined>; after: Map<string, string | undefined> }

export type MoveTotals = { moved: number; onServer: number; movedWrongly: number; movedBack: number }

/** Apply a registry change and count moves: on removal only the removed server's keys may move. */
export function changeLiveSet(placement: Placement, keys: readonly string[], server: string, kind: Move['kind'], totals: MoveTotals): Move {
  const owners = (): Map<string, string | undefined> => new Map(keys.map((k) => [k, placement.owner(k)]))
  const before = owners()
  if (kind === 'removed') placement.remove(server)
  else placement.add(server)
  const after = owners()
  for (const k of keys) {
    const was = before.get(k)
    if (was === after.get(k)) continue
    if (kind === 'added') totals.movedBack++
    else {
      totals.moved++
      if (was !== server) totals.movedWrongly++
    }
  }
  if (kind === 'removed') for (const k of keys) if (before.get(k) === server) totals.onServer++
  return { server, kind, before, after }
}
