// Redis clients for the scale-out tier (issue 3). node-redis emits 'error' on every failed
// (re)connect; an EventEmitter with no 'error' listener throws, which would crash the whole sync
// node when Redis blips (research/reliability.md §2.1). Every client made here has a listener,
// reconnects with capped backoff and logs each outage once rather than once per retry.
import { createClient } from 'redis'
import type { Logger } from '@/lib/log'

/** The concrete client type (node-redis's generic defaults do not unify with its wide bounds). */
export type RedisClient = ReturnType<typeof newClient>

export type RedisClientOptions = {
  url: string
  /** Shows up in CLIENT LIST and in log lines, e.g. "bus-pub". */
  name: string
  log: Logger
}

/** Backoff for reconnects: 50 ms doubling to 2 s, so a restarted Redis is picked up quickly. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2_000)
}

function newClient(url: string, name: string) {
  return createClient({
    url,
    name,
    socket: { reconnectStrategy: (retries: number) => reconnectDelay(retries), connectTimeout: 5_000 },
  })
}

export function createRedisClient({ url, name, log }: RedisClientOptions): RedisClient {
  const client = newClient(url, name)
  watchClient(client, name, log)
  return client
}

/** Attaches the listeners every client needs (also for `duplicate()`d ones, which share none). */
export function watchClient(client: RedisClient, name: string, log: Logger): void {
  let down = false
  client.on('error', (error: unknown) => {
    if (down) return log.debug('redis error while down', { client: name, error })
    down = true
    log.warn('redis connection lost; reconnecting', { client: name, error })
  })
  client.on('ready', () => {
    if (down) log.info('redis connection restored', { client: name })
    down = false
  })
}

/**
 * Starts connecting once and memoises the promise. node-redis's connect() keeps retrying until
 * Redis answers, so callers that must not hang (publish, heartbeat) check `isReady` instead.
 */
export function lazyConnect(client: RedisClient): () => Promise<void> {
  let connecting: Promise<void> | null = null
  return () =>
    (connecting ??= client.connect().then(
      () => undefined,
      (error: unknown) => {
        connecting = null
        throw error
      },
    ))
}

/** Closes a client whether or not it ever connected; never throws (used in close paths). */
export async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return
  // close() waits for queued commands, which never drain while Redis is down: cut instead.
  if (!client.isReady) return client.destroy()
  try {
    await client.close()
  } catch {
    client.destroy()
  }
}
