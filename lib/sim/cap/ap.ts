// AP mode: every replica accepts reads and writes locally, whatever the partition. Writes are
// pushed to the other replicas and repaired by periodic anti-entropy (full-state exchange);
// concurrent writes to one key are reconciled by last-writer-wins on (timestamp, replica id).
// Clocks are perfect here, so LWW's usual hazard (a skewed clock winning) is left out.
import type { Simulation } from '@/lib/sim/engine'
import type { Network } from './network'
import type { ClientOp, Protocol, Reply } from './protocol'

/** A value's version: write time, then replica index to break ties. */
type Version = { ts: number; node: number }

const newer = (a: Version, b: Version | undefined): boolean => !b || a.ts > b.ts || (a.ts === b.ts && a.node > b.node)

export class ApProtocol implements Protocol {
  private readonly stores = new Map<string, Map<number, Version>>()

  constructor(
    private readonly sim: Simulation,
    private readonly net: Network,
    antiEntropyInterval: number,
  ) {
    for (const id of net.ids) this.stores.set(id, new Map())
    sim.every(antiEntropyInterval, () => this.antiEntropy())
  }

  private merge(id: string, key: number, v: Version): void {
    const store = this.stores.get(id)!
    if (newer(v, store.get(key))) store.set(key, v)
  }

  private antiEntropy(): void {
    for (const from of this.net.ids) {
      if (!this.net.isUp(from)) continue
      const snapshot = [...this.stores.get(from)!]
      for (const to of this.net.ids) {
        if (to !== from) this.net.send(from, to, 'sync', () => snapshot.forEach(([k, v]) => this.merge(to, k, v)))
      }
    }
  }

  write(op: ClientOp, reply: Reply): void {
    if (!this.net.isUp(op.node)) return reply(false, 0)
    const v: Version = { ts: this.sim.now, node: this.net.ids.indexOf(op.node) }
    this.merge(op.node, op.key, v)
    for (const to of this.net.ids) if (to !== op.node) this.net.send(op.node, to, 'replicate', () => this.merge(to, op.key, v))
    reply(true, v.ts)
  }

  read(op: ClientOp, reply: Reply): void {
    if (!this.net.isUp(op.node)) return reply(false, 0)
    reply(true, this.stores.get(op.node)!.get(op.key)?.ts ?? 0)
  }

  crash(): void {}
  restart(): void {}

  role(id: string): string {
    return this.net.cut.has(id) ? 'replica (cut off)' : 'replica'
  }

  divergentKeys(): number {
    const up = this.net.ids.filter((id) => this.net.isUp(id)).map((id) => this.stores.get(id)!)
    const keys = new Set(up.flatMap((s) => [...s.keys()]))
    let divergent = 0
    for (const k of keys) {
      const first = up[0]?.get(k)
      if (up.some((s) => s.get(k)?.ts !== first?.ts || s.get(k)?.node !== first?.node)) divergent++
    }
    return divergent
  }

  safety(): Record<string, number> {
    return {}
  }
}
