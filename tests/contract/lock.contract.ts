// The RoomLock contract (server/room-lock.ts). Holders park on gates the test opens, so
// "held" is a fact, not a timing guess. Lease behaviour applies only to implementations with
// leases (Redis); the in-process lock is held exactly as long as `fn` runs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RoomLock } from '@/server/room-lock'
import { sleep, uniqueName } from './wait'

export type LockFixture = {
  /** Two lockers, as on two nodes (memory: one shared lock, which is what one process has). */
  a: RoomLock
  b: RoomLock
  /** A locker whose lease is `leaseMs` and is never renewed, to act as a stalled holder. */
  stalled?: (leaseMs: number) => RoomLock
  /** A locker with lease `leaseMs` that renews while `fn` runs. */
  renewing?: (leaseMs: number) => RoomLock
  close(): Promise<void>
}

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

/** Starts a holder and resolves once it is inside `fn`. */
async function hold(lock: RoomLock, key: string): Promise<{ release(): void; done: Promise<unknown> }> {
  const entered = gate()
  const exit = gate()
  const done = lock.tryWithLock(key, async () => {
    entered.open()
    await exit.wait
    return 'held'
  })
  const first = await Promise.race([entered.wait.then(() => 'in' as const), done.then(() => 'out' as const)])
  if (first === 'out') throw new Error('holder did not acquire')
  return { release: exit.open, done }
}

export function lockContract(label: string, setup: () => Promise<LockFixture>): void {
  describe(`RoomLock contract: ${label}`, () => {
    let f: LockFixture
    let key: string
    beforeEach(async () => {
      f = await setup()
      key = uniqueName('room')
    })
    afterEach(async () => {
      await f.close()
    })

    it('only one holder of a lock at a time', async () => {
      const holder = await hold(f.a, key)
      expect(await f.b.tryWithLock(key, async () => 'b')).toEqual({ acquired: false })
      expect(await f.a.tryWithLock(key, async () => 'a again')).toEqual({ acquired: false })
      // Another room is independent.
      expect(await f.b.tryWithLock(`${key}-other`, async () => 'other')).toEqual({ acquired: true, value: 'other' })
      holder.release()
      expect(await holder.done).toEqual({ acquired: true, value: 'held' })
      expect(await f.b.tryWithLock(key, async () => 'b')).toEqual({ acquired: true, value: 'b' })
    })

    it('concurrent attempts: exactly one wins', async () => {
      const entered = gate()
      const attempts = Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? f.a : f.b).tryWithLock(key, async () => {
          await entered.wait
          return i
        }),
      )
      setTimeout(() => entered.open(), 50)
      const results = await Promise.all(attempts)
      expect(results.filter((r) => r.acquired)).toHaveLength(1)
    })

    it('a throwing holder releases the lock and the error propagates', async () => {
      await expect(f.a.tryWithLock(key, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
      expect(await f.b.tryWithLock(key, async () => 1)).toEqual({ acquired: true, value: 1 })
    })

    it('a lock expires after its lease, and release by a non-holder does nothing', async (ctx) => {
      if (!f.stalled) return ctx.skip()
      const stalled = await hold(f.stalled(200), key)
      expect(await f.b.tryWithLock(key, async () => 'too early')).toEqual({ acquired: false })
      await sleep(300)
      // The stalled holder's lease ran out: someone else may take the room.
      const next = await hold(f.b, key)
      // The stalled holder finishes now and releases: it must not free the new holder's lock.
      stalled.release()
      expect(await stalled.done).toEqual({ acquired: true, value: 'held' })
      expect(await f.a.tryWithLock(key, async () => 'third')).toEqual({ acquired: false })
      next.release()
      await next.done
      expect(await f.a.tryWithLock(key, async () => 'third')).toEqual({ acquired: true, value: 'third' })
    })

    it('a holder that outlives its lease keeps the lock while it renews', async (ctx) => {
      if (!f.renewing) return ctx.skip()
      const holder = await hold(f.renewing(150), key)
      await sleep(450)
      expect(await f.b.tryWithLock(key, async () => 'b')).toEqual({ acquired: false })
      holder.release()
      await holder.done
      expect(await f.b.tryWithLock(key, async () => 'b')).toEqual({ acquired: true, value: 'b' })
    })
  })
}
