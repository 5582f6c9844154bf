// The web tier's half of a restore: ask the board's owner node (the one the lookup sends its
// clients to) to restore a version, and wait for its answer. The node applies the restore as a new
// change in the live room, so every connected client sees it at once and the log keeps it like
// any edit (server/room.ts restore()). Callers have checked that the caller may edit the board.
import { randomUUID } from 'node:crypto'
import { boardRoom } from '@/lib/protocol/room-name'
import { CONTROL_CHANNEL, type ControlMessage } from '@/lib/rooms/bus'
import { pickOwnerNode } from '@/lib/rooms/rendezvous'
import { getBus, getRegistry, publishControl } from '@/lib/rooms/tier.server'

export const RESTORE_TIMEOUT_MS = 15_000

export type RestoreOutcome = { ok: true; versionId: number } | { ok: false; status: 404 | 503; error: string }

type Waiter = (outcome: RestoreOutcome) => void

const slot = Symbol.for('designroom.restore-waiters')
type Listener = { waiters: Map<string, Waiter>; ready: Promise<unknown> }

/** One subscription per web process, shared by every pending restore. */
function listener(): Listener {
  const holder = globalThis as { [slot]?: Listener }
  if (!holder[slot]) {
    const waiters = new Map<string, Waiter>()
    const decoder = new TextDecoder()
    const ready = getBus().subscribe(CONTROL_CHANNEL, (message) => {
      let answer: Partial<Extract<ControlMessage, { type: 'restore-done' }>>
      try {
        answer = JSON.parse(decoder.decode(message)) as typeof answer
      } catch {
        return
      }
      if (answer.type !== 'restore-done' || typeof answer.requestId !== 'string') return
      const waiter = waiters.get(answer.requestId)
      if (!waiter) return
      if (answer.ok === true && typeof answer.versionId === 'number') waiter({ ok: true, versionId: answer.versionId })
      else if (answer.ok === false) waiter({ ok: false, status: answer.status === 404 ? 404 : 503, error: String(answer.error ?? 'the restore failed') })
    })
    holder[slot] = { waiters, ready }
    // A failed subscription is retried by the next restore rather than cached forever.
    ready.catch(() => {
      if (holder[slot]?.ready === ready) delete holder[slot]
    })
  }
  return holder[slot]
}

export async function requestRestore(boardId: string, versionId: number, meta: { name: string; by: string }, timeoutMs = RESTORE_TIMEOUT_MS): Promise<RestoreOutcome> {
  const room = boardRoom(boardId)
  const owner = pickOwnerNode(room, await getRegistry().liveNodes())
  if (!owner) return { ok: false, status: 503, error: 'no sync node is available; try again shortly' }
  const { waiters, ready } = listener()
  await ready
  const requestId = randomUUID()
  const outcome = new Promise<RestoreOutcome>((resolve) => {
    const timer = setTimeout(() => finish({ ok: false, status: 503, error: 'the sync node did not answer in time; try again' }), timeoutMs)
    const finish = (result: RestoreOutcome) => {
      clearTimeout(timer)
      waiters.delete(requestId)
      resolve(result)
    }
    waiters.set(requestId, finish)
  })
  await publishControl({ type: 'restore', boardId, versionId, owner: owner.id, requestId, name: meta.name, by: meta.by })
  return outcome
}
