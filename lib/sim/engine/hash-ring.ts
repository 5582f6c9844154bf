// A consistent-hash ring with virtual nodes: each node owns `vnodes` points on a 32-bit ring,
// and a key belongs to the first point clockwise from its hash. Nodes can be removed and added
// back; only the keys on their arcs move.
import { hash32 } from './hash'

export class HashRing {
  private points: { at: number; node: string }[] = []

  constructor(
    nodes: readonly string[],
    private readonly vnodes: number,
    /** Mixed into point positions so different seeds give different rings. */
    private readonly salt = 0,
  ) {
    for (const node of nodes) this.add(node)
  }

  add(node: string): void {
    for (let i = 0; i < this.vnodes; i++) this.points.push({ at: hash32(`${this.salt}:${node}#${i}`), node })
    this.points.sort((a, b) => a.at - b.at || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))
  }

  remove(node: string): void {
    this.points = this.points.filter((p) => p.node !== node)
  }

  get size(): number {
    return this.points.length
  }

  /** The node owning `hash`, or undefined on an empty ring. */
  lookup(hash: number): string | undefined {
    const pts = this.points
    if (pts.length === 0) return undefined
    let lo = 0
    let hi = pts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (pts[mid]!.at < hash) lo = mid + 1
      else hi = mid
    }
    return (pts[lo] ?? pts[0])!.node
  }
}
