import type { NodeInfo, NodeRegistry } from './registry'

type Entry = { node: NodeInfo; expiresAt: number }

/** In-process registry for the embedded default and for tests. */
export class MemoryRegistry implements NodeRegistry {
  readonly #nodes = new Map<string, Entry>()

  async heartbeat(node: NodeInfo, leaseMs: number): Promise<void> {
    this.#nodes.set(node.id, { node: { ...node, relay: { ...node.relay } }, expiresAt: node.lastSeen + leaseMs })
  }

  async remove(nodeId: string): Promise<void> {
    this.#nodes.delete(nodeId)
  }

  async liveNodes(now: number = Date.now()): Promise<NodeInfo[]> {
    return [...this.#nodes.values()].filter((e) => e.expiresAt > now).map((e) => ({ ...e.node }))
  }

  async close(): Promise<void> {
    this.#nodes.clear()
  }
}
