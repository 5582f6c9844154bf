// RoomLock across nodes (issue 3): SET key token NX PX lease to take it, and Lua
// compare-and-delete to release, so a holder whose lease already ran out (GC pause, slow
// compaction) never deletes the lock a newer holder took. While `fn` runs, the lease is renewed
// with compare-and-PEXPIRE; if renewal finds the lock gone we log it: the compaction still
// finishes, and a second compactor can only fold the same rows into the same merged state.
import { randomBytes } from 'node:crypto'
import type { Logger } from '@/lib/log'
import { silentLogger } from '@/lib/log'
import { closeClient, createRedisClient, lazyConnect, type RedisClient } from '@/lib/rooms/redis-connection'
import type { RoomLock } from './room-lock'

export type RedisRoomLockOptions = {
  url: string
  log?: Logger
  /** Lease per take; renewed every leaseMs/3 while `fn` runs. */
  leaseMs?: number
  /** Off only in tests that need a holder to lose its lease mid-`fn`. */
  renew?: boolean
  prefix?: string
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`

export class RedisRoomLock implements RoomLock {
  readonly #client: RedisClient
  readonly #connect: () => Promise<void>
  readonly #log: Logger
  readonly #leaseMs: number
  readonly #renew: boolean
  readonly #prefix: string

  constructor(options: RedisRoomLockOptions) {
    this.#log = (options.log ?? silentLogger).child({ component: 'redis-lock' })
    this.#leaseMs = options.leaseMs ?? 30_000
    this.#renew = options.renew ?? true
    this.#prefix = options.prefix ?? 'designroom:lock:'
    this.#client = createRedisClient({ url: options.url, name: 'room-lock', log: this.#log })
    this.#connect = lazyConnect(this.#client)
  }

  async tryWithLock<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    if (!this.#client.isOpen) await this.#connect()
    // Down Redis: "not acquired" rather than waiting; compaction is retried on a later trigger.
    if (!this.#client.isReady) return { acquired: false }
    const redisKey = this.#prefix + key
    const token = randomBytes(16).toString('hex')
    const taken = await this.#client.set(redisKey, token, { condition: 'NX', expiration: { type: 'PX', value: this.#leaseMs } })
    if (taken !== 'OK') return { acquired: false }
    const renewal = this.#renew ? setInterval(() => void this.#extend(redisKey, token), Math.max(10, Math.floor(this.#leaseMs / 3))) : null
    renewal?.unref()
    try {
      return { acquired: true, value: await fn() }
    } finally {
      if (renewal) clearInterval(renewal)
      try {
        await this.#client.eval(RELEASE, { keys: [redisKey], arguments: [token] })
      } catch (error) {
        // The lease frees it anyway.
        this.#log.warn('lock release failed', { key, error })
      }
    }
  }

  async close(): Promise<void> {
    await closeClient(this.#client)
  }

  async #extend(redisKey: string, token: string): Promise<void> {
    try {
      const kept = await this.#client.eval(RENEW, { keys: [redisKey], arguments: [token, String(this.#leaseMs)] })
      if (kept !== 1) this.#log.warn('lock lost while held', { key: redisKey })
    } catch (error) {
      this.#log.debug('lock renewal failed', { key: redisKey, error })
    }
  }
}
