// The contract suites against a real redis-server (started per file, killed by pid), plus the
// Redis-only behaviour: surviving a Redis restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_CHANNEL, type ControlMessage } from '@/lib/rooms/bus'
import { zeroRelayCounters } from '@/lib/rooms/counting-bus'
import { RedisBus } from '@/lib/rooms/redis-bus'
import { RedisRegistry } from '@/lib/rooms/redis-registry'
import { RedisRoomLock } from '@/server/room-lock-redis'
import { busContract } from '../contract/bus.contract'
import { lockContract } from '../contract/lock.contract'
import { registryContract } from '../contract/registry.contract'
import { uniqueName, until } from '../contract/wait'
import { startRedis, type TestRedis } from '../helpers/redis-server'

let redis: TestRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

busContract('redis', async () => ({ connect: () => new RedisBus({ url: redis.url }), close: async () => {} }))

registryContract('redis', async () => {
  const prefix = uniqueName('designroom:test-nodes')
  const a = new RedisRegistry({ url: redis.url, prefix })
  const b = new RedisRegistry({ url: redis.url, prefix })
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) }
})

lockContract('redis', async () => {
  const prefix = `${uniqueName('designroom:test-lock')}:`
  const made: RedisRoomLock[] = []
  const make = (leaseMs?: number, renew?: boolean): RedisRoomLock => {
    const lock = new RedisRoomLock({ url: redis.url, prefix, leaseMs, renew })
    made.push(lock)
    return lock
  }
  return {
    a: make(),
    b: make(),
    stalled: (leaseMs) => make(leaseMs, false),
    renewing: (leaseMs) => make(leaseMs, true),
    close: async () => void (await Promise.all(made.map((lock) => lock.close()))),
  }
})

describe('Redis bus and registry across a redis-server restart', () => {
  it('after redis-server is restarted, a subscription delivers again and the reconnect is surfaced', async () => {
    const channel = uniqueName('designroom:room:restart')
    const a = new RedisBus({ url: redis.url })
    const b = new RedisBus({ url: redis.url })
    try {
      const got: string[] = []
      let reconnects = 0
      b.onReconnect(() => reconnects++)
      await b.subscribe(channel, (m) => got.push(new TextDecoder().decode(m)))
      await a.publish(channel, new TextEncoder().encode('before'))
      await until(() => got.length === 1, 'delivery before the restart')

      const oldPid = redis.pid
      await redis.restart()
      expect(redis.pid).not.toBe(oldPid)
      // Publishing while the bus is still reconnecting drops (at-most-once) and must not throw.
      await a.publish(channel, new TextEncoder().encode('maybe lost'))
      await until(() => reconnects === 1, 'b surfaces its reconnect', 10_000)
      // b is resubscribed; a may still be reconnecting, so keep publishing until one lands.
      await until(
        () => {
          void a.publish(channel, new TextEncoder().encode('after'))
          return got.includes('after')
        },
        'delivery after the restart',
        10_000,
      )
      expect(got[0]).toBe('before')
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('the registry answers again after a restart (empty until the next heartbeat)', async () => {
    const prefix = uniqueName('designroom:test-nodes')
    const registry = new RedisRegistry({ url: redis.url, prefix })
    try {
      const info = { id: 'n1', url: 'ws://x/sync', pid: 1, rooms: 0, connections: 0, relay: zeroRelayCounters(), lastSeen: Date.now() }
      await registry.heartbeat(info, 60_000)
      await redis.restart()
      // Calls fail fast while disconnected; once back, a heartbeat re-registers the node.
      const deadline = Date.now() + 10_000
      for (;;) {
        try {
          await registry.heartbeat({ ...info, lastSeen: Date.now() }, 60_000)
          break
        } catch (error) {
          if (Date.now() > deadline) throw error
          await new Promise((r) => setTimeout(r, 50))
        }
      }
      expect((await registry.liveNodes()).map((n) => n.id)).toEqual(['n1'])
    } finally {
      await registry.close()
    }
  })
})

describe('web tier with REDIS_URL', () => {
  it('uses the Redis registry and bus: control messages reach a node, heartbeats are visible', async () => {
    process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'
    process.env.REDIS_URL = redis.url
    const { getBus, getRegistry, publishControl } = await import('@/lib/rooms/tier.server')
    expect(getBus()).toBeInstanceOf(RedisBus)
    expect(getRegistry()).toBeInstanceOf(RedisRegistry)

    const node = new RedisBus({ url: redis.url })
    const nodeRegistry = new RedisRegistry({ url: redis.url })
    try {
      const received: ControlMessage[] = []
      await node.subscribe(CONTROL_CHANNEL, (bytes) => received.push(JSON.parse(new TextDecoder().decode(bytes)) as ControlMessage))
      await publishControl({ type: 'board-deleted', boardId: 'b-redis' })
      await until(() => received.length === 1, 'control message over Redis')
      expect(received).toEqual([{ type: 'board-deleted', boardId: 'b-redis' }])

      const info = { id: 'tier-node', url: 'ws://127.0.0.1:4001/sync', pid: 7, rooms: 0, connections: 0, relay: zeroRelayCounters(), lastSeen: Date.now() }
      await nodeRegistry.heartbeat(info, 60_000)
      expect((await getRegistry().liveNodes()).find((n) => n.id === 'tier-node')).toEqual(info)
      await nodeRegistry.remove('tier-node')
    } finally {
      await Promise.all([node.close(), nodeRegistry.close(), getBus().close(), getRegistry().close()])
      delete process.env.REDIS_URL
    }
  })
})
