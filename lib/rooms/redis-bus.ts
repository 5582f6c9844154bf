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
  /**
   * Publishes Redis has not answered yet before new ones are dropped; default 4,096. Each costs
   * far more than its payload (node-redis's queue entry, parser, promise and our async frames):
   * an overloaded node (L1 before its CPU fixes) held ~21,000 of them, ~140 MB of heap, while
   * their payload stayed under the byte cap (rows-perf notes).
   */
  maxPendingPublishes?: number
}

type Handler = (message: BusMessage) => void
type ChannelEntry = { handlers: Set<Handler>; live: Promise<void>; listener: (message: Buffer) => void; subscribed: boolean }

const SENDER_ID_BYTES = 8
const OVERFLOW_RESYNC_MS = 1_000

export class RedisBus implements RoomBus {
  readonly #log: Logger
  readonly #publisher: RedisClient
  /**
   * The publisher without node-redis 6's default 5 s command timeout. That timeout arms an
   * AbortSignal.timeout per command, whose timer fires 5 s later and builds a DOMException even
   * for a command answered long ago: with one PUBLISH per edit and cursor move it was ~5 % of a
   * loaded node's CPU (L1 profile, rows-perf notes). A hung Redis is bounded by the pending caps
   * instead (maxPendingPublishBytes and maxPendingPublishes, in publish), as it already was.
   */
  readonly #publish: (channel: string, message: Buffer) => Promise<number>
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
  readonly #maxPendingPublishes: number
  #pendingPublishes = 0
  /** Bytes of publishes sent but not yet answered (a paused or frozen Redis answers none). */
  #pendingPublishBytes = 0
  /** Set when a publish was dropped for the cap; the next answered publish triggers a resync. */
  #overflowed = false
  /**
   * Channels whose last PUBLISH reached no subscriber but our own (hasPeers). Cleared for a
   * channel when anyone else publishes on it, and for all on a reconnect, when counts are stale.
   */
  readonly #alone = new Set<string>()
  #overflowResyncAt = -Infinity
  #overflowResyncTimer: NodeJS.Timeout | null = null

  constructor(options: RedisBusOptions) {
    const name = options.name ?? `bus-${randomBytes(3).toString('hex')}`
    this.#log = (options.log ?? silentLogger).child({ bus: name })
    const id = randomBytes(SENDER_ID_BYTES)
    this.#header = Buffer.concat([Buffer.from([id.length]), id])
    this.#publisher = createRedisClient({ url: options.url, name: `${name}-pub`, log: this.#log })
    this.#subscriber = this.#publisher.duplicate()
    const untimed = this.#publisher.withCommandOptions({ timeout: 0 })
    this.#publish = (channel, message) => untimed.publish(channel, message)
    watchClient(this.#subscriber, `${name}-sub`, this.#log)
    this.#connectPublisher = lazyConnect(this.#publisher)
    this.#connectSubscriber = lazyConnect(this.#subscriber)
    this.#firstConnectWaitMs = options.firstConnectWaitMs ?? 2_000
    this.#maxPendingPublishBytes = options.maxPendingPublishBytes ?? 8 * 1024 * 1024
    this.#maxPendingPublishes = options.maxPendingPublishes ?? 4_096
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
    const overBytes = this.#pendingPublishBytes > 0 && this.#pendingPublishBytes + framed.length > this.#maxPendingPublishBytes
    if (overBytes || this.#pendingPublishes >= this.#maxPendingPublishes) {
      this.#droppedTotal++
      if (!this.#overflowed) this.#log.warn('redis not answering; dropping bus messages until it does', { channel })
      this.#overflowed = true
      return
    }
    this.#pendingPublishBytes += framed.length
    this.#pendingPublishes++
    let receivers: number
    try {
      receivers = await this.#publish(channel, framed)
    } finally {
      this.#pendingPublishBytes -= framed.length
      this.#pendingPublishes--
    }
    // Redis counts our own subscriber connection too, when this bus listens on the channel.
    if (receivers <= (this.#channels.get(channel)?.subscribed ? 1 : 0)) this.#alone.add(channel)
    else this.#alone.delete(channel)
    // Publishes are answered in order, so everything queued before this one has reached Redis.
    if (this.#overflowed && !this.#closed) {
      this.#overflowed = false
      this.#resyncAfterOverflow()
    }
  }

  /**
   * Every room answers a resync with publishes of its own, so on a node that overflows because
   * it is overloaded (not because Redis hangs), resyncing on every answered publish fed the
   * overload: at most one per OVERFLOW_RESYNC_MS, the later ones folded into one deferred resync.
   */
  #resyncAfterOverflow(): void {
    if (this.#overflowResyncTimer) return
    const wait = this.#overflowResyncAt + OVERFLOW_RESYNC_MS - Date.now()
    const run = (): void => {
      this.#overflowResyncTimer = null
      if (this.#closed) return
      this.#overflowResyncAt = Date.now()
      this.#log.info('redis answering again; asking rooms to resync')
      this.#notifyReconnect()
    }
    if (wait <= 0) return run()
    this.#overflowResyncTimer = setTimeout(run, wait)
  }

  hasPeers(channel: string): boolean {
    return !this.#alone.has(channel)
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    if (this.#closed) throw new Error('RedisBus is closed')
    let entry = this.#channels.get(channel)
    if (!entry) {
      const handlers = new Set<Handler>()
      const listener = (raw: Buffer): void => this.#receive(channel, handlers, raw)
      const live = this.#connectSubscriber().then(() => this.#subscriber.subscribe(channel, listener, true))
      const created: ChannelEntry = { handlers, live, listener, subscribed: false }
      live.then(() => (created.subscribed = true), () => {})
      entry = created
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
      this.#alone.delete(channel)
      if (!this.#closed && this.#subscriber.isOpen) await this.#subscriber.unsubscribe(channel, current.listener, true)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#overflowResyncTimer) clearTimeout(this.#overflowResyncTimer)
    this.#channels.clear()
    this.#reconnectListeners.clear()
    await Promise.all([closeClient(this.#publisher), closeClient(this.#subscriber)])
  }

  #receive(channel: string, handlers: Set<Handler>, raw: Buffer): void {
    const idLength = raw[0]
    if (idLength === undefined || raw.length < 1 + idLength) return this.#log.warn('bus message without a sender header')
    if (idLength === this.#header.length - 1 && raw.subarray(0, 1 + idLength).equals(this.#header)) return
    this.#alone.delete(channel)
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
    this.#alone.clear()
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
    this.#alone.clear()
    for (const listener of [...this.#reconnectListeners]) {
      try {
        listener()
      } catch (error) {
        this.#log.warn('reconnect listener failed', { error })
      }
    }
  }
}
