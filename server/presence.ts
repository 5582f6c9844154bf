// Who speaks for which awareness clientID in a room. The node owns the awareness identity: one
// clientID per connection, bounded state, name/colour/role from the token (awareness-guard.ts).
import * as awarenessProtocol from 'y-protocols/awareness'
import type { Logger } from '@/lib/log'
import { CloseCodes } from '@/lib/protocol/close-codes'
import type { Limits } from '@/lib/protocol/limits'
import { decodeAwarenessEntries, sanitizeAwarenessEntry } from './awareness-guard'
import type { Session } from './session'

export class Presence {
  readonly #owners = new Map<number, Session>()

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly limits: Limits,
    private readonly log: Logger,
  ) {}

  /**
   * One awareness clientID per connection: the first single-entry frame names it, unless that id
   * is live for someone else. Entries for other ids are stock-client echoes and are ignored;
   * a bad own entry closes the socket.
   */
  applyFromClient(session: Session, payload: Uint8Array): void {
    const entries = decodeAwarenessEntries(payload)
    if (!entries) return session.close(CloseCodes.malformed)
    let own = session.awarenessClientId
    if (own === null) {
      const [first] = entries
      if (entries.length !== 1 || !first || !this.#claimable(first.clientId, session)) return
      own = first.clientId
    }
    const entry = entries.find((e) => e.clientId === own)
    if (!entry) return
    const { limits } = this
    const identity = { name: session.claims.name, color: session.claims.color, role: session.claims.role }
    const result = sanitizeAwarenessEntry(entry, identity, { maxStateBytes: limits.maxAwarenessStateBytes, maxDepth: limits.maxAwarenessDepth })
    if (!result.ok) {
      this.log.info('awareness rejected', { session: session.id, reason: result.reason })
      return session.close(result.tooBig ? CloseCodes.tooBig : CloseCodes.malformed)
    }
    const previous = this.#owners.get(own)
    if (previous && previous !== session) previous.awarenessClientId = null
    session.awarenessClientId = own
    this.#owners.set(own, session)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, result.update, session)
  }

  /** A live id belongs to its owner; only the same person reconnecting may take it over. */
  #claimable(clientId: number, session: Session): boolean {
    if (!this.awareness.getStates().has(clientId)) return true
    const owner = this.#owners.get(clientId)
    return owner !== undefined && owner.claims.sub === session.claims.sub
  }

  /** The connection is gone: its state is removed (and that removal broadcast). */
  release(session: Session): void {
    const id = session.awarenessClientId
    if (id === null || this.#owners.get(id) !== session) return
    this.#owners.delete(id)
    awarenessProtocol.removeAwarenessStates(this.awareness, [id], session)
  }

  /** Client ids owned by this node's connections that currently have a state. */
  localClientIds(): number[] {
    const states = this.awareness.getStates()
    return [...this.#owners.keys()].filter((id) => states.has(id))
  }
}

/**
 * Awareness fan-out at most once per AWARENESS_TICK_MS per room. Cursors move at 20 Hz per person;
 * sent one by one, every move was encoded, written to every socket of the room and published on
 * the bus: at L1 (100 interview rooms) that was ~14,000 socket writes and ~4,700 Redis publishes a
 * second, most of a core (rows-perf notes). Coalesced, a tick sends each changed client's latest
 * state once, in one frame, so a room costs at most one frame per tick whatever its cursor rate.
 * A change after a quiet tick goes out at once (leading edge), so joins and lone moves keep their
 * latency; only a continuous stream waits, at most one tick. The room flushes removals at once.
 * Awareness is last-writer-wins per client (clock): skipped intermediate states are ones a
 * receiver would have overwritten anyway.
 */
export const AWARENESS_TICK_MS = 50

/** `all`: every changed client, for this node's sockets; `local`: those not received from peers, for the bus. */
export type AwarenessSink = (all: number[], local: number[]) => void

export class AwarenessFanout {
  readonly #all = new Set<number>()
  readonly #local = new Set<number>()
  #lastFlushAt = -Infinity
  #armed = false

  constructor(
    private readonly sink: AwarenessSink,
    private readonly timers: { timeout(fn: () => void, ms: number): () => void },
    private readonly now: () => number,
  ) {}

  note(clients: readonly number[], fromPeer: boolean): void {
    for (const id of clients) {
      this.#all.add(id)
      if (!fromPeer) this.#local.add(id)
    }
    if (this.#armed) return
    const wait = this.#lastFlushAt + AWARENESS_TICK_MS - this.now()
    if (wait <= 0) return this.flush()
    this.#armed = true
    // TimerSet: the room's clearAll cancels it, so a destroyed room never flushes.
    this.timers.timeout(() => {
      this.#armed = false
      this.flush()
    }, wait)
  }

  flush(): void {
    this.#lastFlushAt = this.now()
    if (this.#all.size === 0) return
    const all = [...this.#all]
    const local = [...this.#local]
    this.#all.clear()
    this.#local.clear()
    this.sink(all, local)
  }
}
