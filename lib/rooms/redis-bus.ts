// The room bus over Redis pub/sub (issue 3). At-most-once by design: messages published while
// either connection is down are dropped, and nodes heal by state-vector exchange, which they
// start when `onReconnect` fires (research/reliability.md finding 3 and §2.1).
//
// Wire format: [idLength: u8][sender id bytes][payload]. Redis echoes a publish to every
// subscriber including the publisher's own subscriber connection, so the id lets a bus drop its
// own messages, as the RoomBus contract requires (Hocuspocus does the same, sync-tier.md §2.2).
import { randomBytes } from 'node:crypto'
import type { Logger } from '@/lib/log'
import { silentLogger } from '@/lib/log'
import type { BusMessage, RoomBus, Unsubscribe } from './bus'
import { closeClient, createRedisClient, lazyConnect, watchClient, type RedisClient } from './redis-connection'

export type RedisBusOptions = {
  url: string
  log?: Logger
  /** Mostly for logs; a random id keeps two buses in one process apart. */
  name?: string
  /** How long a publish waits for the very first connect before dropping; default 2 s. */
  firstConnectWaitMs?: number
  /** Bytes of publishes Redis has not answered yet before new ones are dropped; default 8 MiB. */
  maxPendingPublishBytes?: number
}

type Handler = (message: BusMessage) => void
type ChannelEntry = { handlers: Set<Handler>; live: Promise<void>; listener: (message: Buffer) => void }

const SENDER_ID_BYTES = 8

export class RedisBus implements RoomBus {
  readonly #log: Logger
  readonly #publisher: RedisClient
  /** A connection in subscriber mode cannot run PUBLISH, hence a second one. */
  readonly #subscriber: RedisClient
  readonly #connectPublisher: () => Promise<void>
  readonly #connectSubscriber: () => Promise<void>
  readonly #header: Buffer
  readonly #channels = new Map<string, ChannelEntry>()
  readonly #reconnectListeners = new Set<() => void>()
  readonly #readyOnce = new Set<RedisClient>()
  /** Set when either connection drops after it was ready; cleared when both are ready again. */
  #outage = false
  /** Dropped in the current outage (for one log line per outage). */
  #dropped = 0
  #droppedTotal = 0
  #closed = false
  readonly #firstConnectWaitMs: number
  readonly #maxPendingPublishBytes: number
  /** Bytes of publishes sent but not yet answered (a paused or frozen Redis answers none). */
  #pendingPublishBytes = 0
  /** Set when a publish was dropped for the cap; the next answered publish triggers a resync. */
  #overflowed = false

  constructor(options: RedisBusOptions) {
    const name = options.name ?? `bus-${randomBytes(3).toString('hex')}`
    this.#log = (options.log ?? silentLogger).child({ bus: name })
    const id = randomBytes(SENDER_ID_BYTES)
    this.#header = Buffer.concat([Buffer.from([id.length]), id])
    this.#publisher = createRedisClient({ url: options.url, name: `${name}-pub`, log: this.#log })
    this.#subscriber = this.#publisher.duplicate()
    watchClient(this.#subscriber, `${name}-sub`, this.#log)
    this.#connectPublisher = lazyConnect(this.#publisher)
    this.#connectSubscriber = lazyConnect(this.#subscriber)
    this.#firstConnectWaitMs = options.firstConnectWaitMs ?? 2_000
    this.#maxPendingPublishBytes = options.maxPendingPublishBytes ?? 8 * 1024 * 1024
    for (const client of [this.#publisher, this.#subscriber]) {
      // 'end' is a deliberate close; 'error'/'reconnecting' come with every failed attempt. Only a
      // drop of a connection that was once ready is an outage: a slow first connect lost nothing.
      const dropped = (): void => {
        if (this.#readyOnce.has(client)) this.#markOutage()
      }
      client.on('reconnecting', dropped)
      client.on('error', dropped)
      client.on('ready', () => {
        this.#readyOnce.add(client)
        this.#maybeRecovered()
      })
    }
    // Connect now (errors go to the listeners): the web tier publishes before it ever subscribes.
    this.#connectPublisher().catch(() => {})
    this.#connectSubscriber().catch(() => {})
  }

  /**
   * Fires after an outage once both connections are ready again and node-redis has re-sent
   * SUBSCRIBE for every channel (it does so before emitting 'ready'; @redis/client
   * client/index.js #initiateSocket), and when Redis answers again after publishes were dropped
   * for `maxPendingPublishBytes`. Whatever was published meanwhile is lost: resync now.
   */
  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener)
    return () => this.#reconnectListeners.delete(listener)
  }

  /** Messages dropped because Redis was unreachable or not answering, since this bus was created. */
  get droppedMessages(): number {
    return this.#droppedTotal
  }

  /** Bytes of publishes waiting for Redis to answer (up to `maxPendingPublishBytes`, or one larger message). */
  get pendingPublishBytes(): number {
    return this.#pendingPublishBytes
  }

  async publish(channel: string, message: BusMessage): Promise<void> {
    if (this.#closed) throw new Error('RedisBus is closed')
    if (!this.#publisher.isReady && !this.#everReady) await this.#firstConnect()
    if (!this.#publisher.isReady) {
      // Never queue while Redis is away: node-redis's offline queue is unbounded, and a stale
      // burst after reconnect is worth less than the resync that follows it.
      this.#droppedTotal++
      if (this.#dropped++ === 0) this.#log.warn('redis not ready; dropping bus messages until it is', { channel })
      return
    }
    // A hung Redis (CLIENT PAUSE, SIGSTOP, a stalled network) keeps the connection up, so
    // node-redis queues every publish until it answers: memory grows with the length of the hang
    // (reliability matrix F4). Past the cap, drop like an outage and resync once Redis answers.
    const framed = Buffer.concat([this.#header, message])
    // One message always fits: a resync answer can be larger than the cap.
    if (this.#pendingPublishBytes > 0 && this.#pendingPublishBytes + framed.length > this.#maxPendingPublishBytes) {
      this.#droppedTotal++
      if (!this.#overflowed) this.#log.warn('redis not answering; dropping bus messages until it does', { channel })
      this.#overflowed = true
      return
    }
    this.#pendingPublishBytes += framed.length
    try {
      await this.#publisher.publish(channel, framed)
    } finally {
      this.#pendingPublishBytes -= framed.length
    }
    // Publishes are answered in order, so everything queued before this one has reached Redis.
    if (this.#overflowed && !this.#closed) {
      this.#overflowed = false
      this.#log.info('redis answering again; asking rooms to resync')
      this.#notifyReconnect()
    }
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    if (this.#closed) throw new Error('RedisBus is closed')
    let entry = this.#channels.get(channel)
    if (!entry) {
      const handlers = new Set<Handler>()
      const listener = (raw: Buffer): void => this.#receive(handlers, raw)
      const live = this.#connectSubscriber().then(() => this.#subscriber.subscribe(channel, listener, true))
      entry = { handlers, live, listener }
      this.#channels.set(channel, entry)
      live.catch(() => {
        if (this.#channels.get(channel) === entry) this.#channels.delete(channel)
      })
    }
    const current = entry
    current.handlers.add(handler)
    try {
      await current.live
    } catch (error) {
      current.handlers.delete(handler)
      throw error
    }
    let done = false
    return async () => {
      if (done) return
      done = true
      current.handlers.delete(handler)
      if (current.handlers.size > 0 || this.#channels.get(channel) !== current) return
      this.#channels.delete(channel)
      if (!this.#closed && this.#subscriber.isOpen) await this.#subscriber.unsubscribe(channel, current.listener, true)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#channels.clear()
    this.#reconnectListeners.clear()
    await Promise.all([closeClient(this.#publisher), closeClient(this.#subscriber)])
  }

  #receive(handlers: Set<Handler>, raw: Buffer): void {
    const idLength = raw[0]
    if (idLength === undefined || raw.length < 1 + idLength) return this.#log.warn('bus message without a sender header')
    if (idLength === this.#header.length - 1 && raw.subarray(0, 1 + idLength).equals(this.#header)) return
    // A copy, so a handler that keeps the bytes does not pin node-redis's read buffer.
    const message = new Uint8Array(raw.subarray(1 + idLength))
    for (const handler of handlers) {
      try {
        handler(message)
      } catch (error) {
        this.#log.warn('bus handler failed', { error })
      }
    }
  }

  #everReady = false

  /** Waits a bounded time for the first connect: a bus made just now is not "in an outage". */
  async #firstConnect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#firstConnectWaitMs)))
    try {
      await Promise.race([this.#connectPublisher().catch(() => {}), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  #markOutage(): void {
    if (!this.#closed) this.#outage = true
  }

  #maybeRecovered(): void {
    if (this.#publisher.isReady) this.#everReady = true
    if (this.#dropped > 0) this.#log.info('redis ready again', { dropped: this.#dropped })
    this.#dropped = 0
    if (!this.#outage || this.#closed || !this.#publisher.isReady || !this.#subscriber.isReady) return
    this.#outage = false
    this.#log.info('bus reconnected; asking rooms to resync')
    this.#notifyReconnect()
  }

  #notifyReconnect(): void {
    for (const listener of [...this.#reconnectListeners]) {
      try {
        listener()
      } catch (error) {
        this.#log.warn('reconnect listener failed', { error })
      }
    }
  }
}
