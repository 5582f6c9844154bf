// Balancing policies: each picks one up server for a request, or undefined when none is up.
import { HashRing, hash32, type QueueServer, type Rng } from '@/lib/sim/engine'

export type PolicyName = 'round-robin' | 'random' | 'least-connections' | 'p2c' | 'consistent-hash'

export type Policy = (servers: readonly QueueServer[], clientId: number) => QueueServer | undefined

export function makePolicy(name: PolicyName, rng: Rng, serverIds: readonly string[]): Policy {
  switch (name) {
    case 'round-robin': {
      let next = 0
      return (servers) => {
        for (let i = 0; i < servers.length; i++) {
          const s = servers[(next + i) % servers.length]!
          if (s.up) {
            next = (next + i + 1) % servers.length
            return s
          }
        }
        return undefined
      }
    }
    case 'random':
      return (servers) => {
        const up = servers.filter((s) => s.up)
        return up[rng.int(up.length)]
      }
    case 'least-connections':
      return (servers) => {
        // Ties are broken uniformly at random (reservoir sampling), not by index, so the
        // first server is not favoured.
        let best: QueueServer | undefined
        let ties = 0
        for (const s of servers) {
          if (!s.up) continue
          if (!best || s.length < best.length) {
            best = s
            ties = 1
          } else if (s.length === best.length && rng.int(++ties) === 0) best = s
        }
        return best
      }
    case 'p2c':
      // Two probes drawn with replacement, as in Mitzenmacher's supermarket model.
      return (servers) => {
        const up = servers.filter((s) => s.up)
        const a = up[rng.int(up.length)]
        const b = up[rng.int(up.length)]
        if (!a || !b) return a ?? b
        return b.length < a.length ? b : a
      }
    case 'consistent-hash': {
      const ring = new HashRing(serverIds, 100)
      const down = new Set<string>()
      return (servers, clientId) => {
        // Keep the ring in step with health: a failed server's arcs fall to its successors.
        for (const s of servers) {
          if (!s.up && !down.has(s.id)) (down.add(s.id), ring.remove(s.id))
          else if (s.up && down.has(s.id)) (down.delete(s.id), ring.add(s.id))
        }
        const id = ring.lookup(hash32(`client-${clientId}`))
        return servers.find((s) => s.id === id)
      }
    }
  }
}
