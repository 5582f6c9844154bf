// Rendezvous (highest-random-weight) hashing: every web process independently picks the same
// owner for a room from the same set of live nodes, and when a node leaves only its rooms move.
import { createHash } from 'node:crypto'

function weight(nodeId: string, room: string): bigint {
  // 64 bits of SHA-256 are plenty to make ties practically impossible.
  return createHash('sha256').update(nodeId).update('\0').update(room).digest().readBigUInt64BE(0)
}

/** Nodes ordered by preference for `room`: the first is the owner, the rest its successors. */
export function rankNodes<T extends { id: string }>(room: string, nodes: readonly T[]): T[] {
  return nodes
    .map((node) => ({ node, w: weight(node.id, room) }))
    .sort((a, b) => (a.w === b.w ? a.node.id.localeCompare(b.node.id) : a.w > b.w ? -1 : 1))
    .map(({ node }) => node)
}

export function pickOwnerNode<T extends { id: string }>(room: string, nodes: readonly T[]): T | undefined {
  return rankNodes(room, nodes)[0]
}
