// The node registry: which sync nodes are alive and where clients reach them. Embedded mode uses
// the in-memory implementation; scale-out uses Redis with leases (issue 3). One contract suite
// (tests/contract) runs against every implementation.

import type { RelayCounters } from './counting-bus'

export type NodeInfo = {
  id: string
  /** ws:// or wss:// base URL clients connect to, e.g. ws://127.0.0.1:4001/sync. */
  url: string
  pid: number
  rooms: number
  connections: number
  /** Cumulative relay traffic over the room bus since the node started. */
  relay: RelayCounters
  /** ms since epoch of the last heartbeat */
  lastSeen: number
}

export interface NodeRegistry {
  /** Registers or refreshes a node; it is considered dead `leaseMs` after its last heartbeat. */
  heartbeat(node: NodeInfo, leaseMs: number): Promise<void>
  remove(nodeId: string): Promise<void>
  /** Nodes whose lease has not expired, in no particular order. */
  liveNodes(now?: number): Promise<NodeInfo[]>
  close(): Promise<void>
}
