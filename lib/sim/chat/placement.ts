// Where a key (a room, or a user) lives, given the servers the lookup believes are alive.
// Both schemes move only the keys of a removed server; rendezvous needs no ring, consistent
// hashing needs enough virtual nodes to spread keys evenly.
import { HashRing, hash32 } from '@/lib/sim/engine'

export interface Placement {
  owner(key: string): string | undefined
  add(server: string): void
  remove(server: string): void
  readonly live: readonly string[]
}

/** Highest random weight, as lib/rooms/rendezvous.ts does (there with SHA-256). */
export class Rendezvous implements Placement {
  private servers: string[]
  constructor(
    servers: readonly string[],
    private readonly salt: number,
  ) {
    this.servers = [...servers]
  }
  get live(): readonly string[] {
    return this.servers
  }
  owner(key: string): string | undefined {
    let best: string | undefined
    let bestWeight = -1
    for (const s of this.servers) {
      const w = hash32(`${this.salt}:${s}\0${key}`)
      if (w > bestWeight || (w === bestWeight && best !== undefined && s < best)) {
        best = s
        bestWeight = w
      }
    }
    return best
  }
  add(server: string): void {
    if (!this.servers.includes(server)) this.servers = [...this.servers, server].sort()
  }
  remove(server: string): void {
    this.servers = this.servers.filter((s) => s !== server)
  }
}

export class Consistent implements Placement {
  private readonly ring: HashRing
  private servers: string[]
  constructor(
    servers: readonly string[],
    vnodes: number,
    private readonly salt: number,
  ) {
    this.ring = new HashRing(servers, vnodes, salt)
    this.servers = [...servers]
  }
  get live(): readonly string[] {
    return this.servers
  }
  owner(key: string): string | undefined {
    return this.ring.lookup(hash32(`${this.salt}:${key}`))
  }
  add(server: string): void {
    if (this.servers.includes(server)) return
    this.ring.add(server)
    this.servers = [...this.servers, server].sort()
  }
  remove(server: string): void {
    if (!this.servers.includes(server)) return
    this.ring.remove(server)
    this.servers = this.servers.filter((s) => s !== server)
  }
}
