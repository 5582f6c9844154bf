// The node registry in Redis (issue 3).
//
// Key layout: a sorted set `<prefix>:expiry` (member = node id, score = lease expiry in ms since
// epoch) plus a hash `<prefix>:info` (field = node id, value = NodeInfo JSON). Why not one key
// per node with PX and SCAN: SCAN is many round trips and a cursor walk, and PX expires by
// Redis's clock, while the interface takes an explicit `now` (tests, and node clocks that are
// the ones writing `lastSeen`). With the zset, `liveNodes` is one EVAL that reads live ids by
// score and their JSON in the same atomic step; `heartbeat` writes both in one EVAL and sweeps
// entries that died long ago so the hash does not grow forever.
import { z } from 'zod'
import type { Logger } from '@/lib/log'
import { silentLogger } from '@/lib/log'
import type { NodeInfo, NodeRegistry } from './registry'
import { closeClient, createRedisClient, lazyConnect, type RedisClient } from './redis-connection'

export type RedisRegistryOptions = {
  url: string
  log?: Logger
  /** Key prefix; tests use a fresh one per case. */
  prefix?: string
  /** Entries expired for longer than this are deleted by the next heartbeat (any node's). */
  sweepAfterMs?: number
}

export const nodeInfoSchema = z.object({
  id: z.string().min(1),
  url: z.string(),
  pid: z.number().int(),
  rooms: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
  // Defaulted: during a rolling upgrade an older node's entry has no counters yet.
  relay: z
    .object({
      sentMessages: z.number().int().nonnegative(),
      sentBytes: z.number().int().nonnegative(),
      receivedMessages: z.number().int().nonnegative(),
      receivedBytes: z.number().int().nonnegative(),
    })
    .default({ sentMessages: 0, sentBytes: 0, receivedMessages: 0, receivedBytes: 0 }),
  lastSeen: z.number(),
})

// KEYS: expiry zset, info hash. ARGV: id, expiresAt, json, sweepBefore.
const HEARTBEAT = `
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4])
for _, id in ipairs(dead) do
  if id ~= ARGV[1] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return #dead`

// KEYS: expiry zset, info hash. ARGV: now. Live = expiry > now, as in MemoryRegistry.
const LIVE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))`

export class RedisRegistry implements NodeRegistry {
  readonly #client: RedisClient
  readonly #connect: () => Promise<void>
  #connecting: Promise<void> | null = null
  readonly #log: Logger
  readonly #expiryKey: string
  readonly #infoKey: string
  readonly #sweepAfterMs: number

  constructor(options: RedisRegistryOptions) {
    this.#log = (options.log ?? silentLogger).child({ component: 'redis-registry' })
    const prefix = options.prefix ?? 'designroom:nodes'
    this.#expiryKey = `${prefix}:expiry`
    this.#infoKey = `${prefix}:info`
    this.#sweepAfterMs = options.sweepAfterMs ?? 60_000
    this.#client = createRedisClient({ url: options.url, name: 'registry', log: this.#log })
    this.#connect = lazyConnect(this.#client)
  }

  async heartbeat(node: NodeInfo, leaseMs: number): Promise<void> {
    const client = await this.#ready()
    const info = nodeInfoSchema.parse(node)
    const expiresAt = info.lastSeen + leaseMs
    await client.eval(HEARTBEAT, {
      keys: [this.#expiryKey, this.#infoKey],
      arguments: [info.id, String(expiresAt), JSON.stringify(info), String(info.lastSeen - this.#sweepAfterMs)],
    })
  }

  async remove(nodeId: string): Promise<void> {
    const client = await this.#ready()
    await client.multi().zRem(this.#expiryKey, nodeId).hDel(this.#infoKey, nodeId).exec()
  }

  async liveNodes(now: number = Date.now()): Promise<NodeInfo[]> {
    const client = await this.#ready()
    const reply = await client.eval(LIVE, { keys: [this.#expiryKey, this.#infoKey], arguments: [String(now)] })
    const rows = z.array(z.string().nullable()).parse(reply)
    const nodes: NodeInfo[] = []
    for (const row of rows) {
      // null: removed between the two reads cannot happen inside one script, but a hand-edited
      // or half-migrated key can; skip what does not parse rather than fail every lookup.
      if (row === null) continue
      const parsed = safeJson(row)
      const result = nodeInfoSchema.safeParse(parsed)
      if (result.success) nodes.push(result.data)
      else this.#log.warn('unreadable node entry in redis', { issues: result.error.issues.length })
    }
    return nodes
  }

  async close(): Promise<void> {
    await closeClient(this.#client)
  }

  /**
   * The first call connects; later ones fail fast while Redis is down, so a heartbeat or a
   * lookup errors (and is logged by its caller) instead of hanging on node-redis's retry loop.
   */
  async #ready(): Promise<RedisClient> {
    // The web server's first lookups arrive together: while the first connect is in flight the
    // client is already open but not ready, and those callers must wait for it rather than fail
    // (the L7 load run got a 500 "not connected" right after start-up).
    if (!this.#client.isOpen || this.#connecting) await (this.#connecting ??= this.#connect().finally(() => (this.#connecting = null)))
    else if (!this.#client.isReady) throw new Error('redis registry: not connected')
    return this.#client
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
