import type { BusMessage, RoomBus, Unsubscribe } from './bus'

type Handler = (message: BusMessage) => void

/**
 * In-process pub/sub. Instances created from one hub see each other's messages (never their
 * own), which is how the web tier and the embedded sync node talk without Redis.
 */
export class MemoryBusHub {
  readonly #channels = new Map<string, Set<{ owner: MemoryBus; handler: Handler }>>()

  connect(): MemoryBus {
    return new MemoryBus(this)
  }

  /** @internal */
  deliver(from: MemoryBus, channel: string, message: BusMessage): void {
    for (const sub of this.#channels.get(channel) ?? []) {
      if (sub.owner === from) continue
      // Asynchronous like a real network, so nobody relies on re-entrant delivery.
      queueMicrotask(() => sub.handler(message))
    }
  }

  /** @internal */
  add(channel: string, sub: { owner: MemoryBus; handler: Handler }): () => void {
    let subs = this.#channels.get(channel)
    if (!subs) this.#channels.set(channel, (subs = new Set()))
    subs.add(sub)
    return () => {
      subs.delete(sub)
      if (subs.size === 0) this.#channels.delete(channel)
    }
  }
}

export class MemoryBus implements RoomBus {
  readonly #removers = new Set<() => void>()
  constructor(private readonly hub: MemoryBusHub) {}

  async publish(channel: string, message: BusMessage): Promise<void> {
    this.hub.deliver(this, channel, message)
  }

  async subscribe(channel: string, handler: Handler): Promise<Unsubscribe> {
    const remove = this.hub.add(channel, { owner: this, handler })
    this.#removers.add(remove)
    return async () => {
      remove()
      this.#removers.delete(remove)
    }
  }

  async close(): Promise<void> {
    for (const remove of this.#removers) remove()
    this.#removers.clear()
  }
}
