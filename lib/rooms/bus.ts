// The room bus: how sync nodes tell each other about a room. Embedded mode has one node and an
// in-memory bus; scale-out relays through Redis pub/sub (issue 3), which is at-most-once, so
// nothing may depend on delivery: nodes heal gaps by state-vector exchange.

export type BusMessage = Uint8Array

export type Unsubscribe = () => Promise<void>

export interface RoomBus {
  publish(channel: string, message: BusMessage): Promise<void>
  /** Resolves once the subscription is live. The handler never sees this node's own messages. */
  subscribe(channel: string, handler: (message: BusMessage) => void): Promise<Unsubscribe>
  close(): Promise<void>
  /**
   * Optional: calls `listener` after the bus lost its connection and has resubscribed everything
   * (Redis restart, network blip). Messages published meanwhile are gone, so listeners resync
   * (state vectors, awareness query). Returns a function that removes the listener. Buses that
   * never disconnect (in-memory) do not implement it.
   */
  onReconnect?(listener: () => void): () => void
  /**
   * Optional: false when this bus knows nobody else listens on `channel` (its last publish there
   * reached no other subscriber and no other publisher has spoken there since); true or absent
   * when others may. A hint for traffic the room protocol re-sends on demand (awareness is
   * re-sent when a peer's query-awareness arrives), never for document updates.
   */
  hasPeers?(channel: string): boolean
}

/** Control channel for access changes (share revoked, board deleted); payload is JSON text. */
export const CONTROL_CHANNEL = 'designroom:control'

export type ControlMessage =
  | { type: 'share-revoked'; boardId: string; shareId: string }
  | { type: 'board-deleted'; boardId: string }
  /**
   * Who may open the board changed in a way no token records (a group unpublished it): every
   * socket re-authorizes through the lookup, and tokens issued before `at` (ms, web-tier clock)
   * are refused.
   */
  | { type: 'access-changed'; boardId: string; at: number }
  /**
   * Restore a version (lib/history/restore.ts). Only `owner`, the node the lookup sends the
   * board's clients to, acts: it loads the room if needed, applies the restore as a new change
   * and answers with `restore-done`.
   */
  | { type: 'restore'; boardId: string; versionId: number; owner: string; requestId: string; name: string; by: string }
  | { type: 'restore-done'; requestId: string; ok: true; versionId: number }
  | { type: 'restore-done'; requestId: string; ok: false; status: 404 | 503; error: string }
