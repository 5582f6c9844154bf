// A room bus that counts what crosses it: the relay traffic a node sends to and receives from
// its peers. The counters are cumulative since the node started (Prometheus counter semantics);
// readers that want a rate take the difference of two readings, as the /cluster page does.
import type { BusMessage, RoomBus, Unsubscribe } from './bus'

export type RelayCounters = {
  sentMessages: number
  sentBytes: number
  receivedMessages: number
  receivedBytes: number
}

export const zeroRelayCounters = (): RelayCounters => ({ sentMessages: 0, sentBytes: 0, receivedMessages: 0, receivedBytes: 0 })

export class CountingBus implements RoomBus {
  readonly #inner: RoomBus
  readonly #counters = zeroRelayCounters()
  /** Optional in the interface: present only when the wrapped bus can reconnect. */
  readonly onReconnect?: (listener: () => void) => () => void
  readonly hasPeers?: (channel: string) => boolean

  constructor(inner: RoomBus) {
    this.#inner = inner
    this.onReconnect = inner.onReconnect?.bind(inner)
    this.hasPeers = inner.hasPeers?.bind(inner)
  }

  counters(): RelayCounters {
    return { ...this.#counters }
  }

  async publish(channel: string, message: BusMessage): Promise<void> {
    await this.#inner.publish(channel, message)
    // Counted once the bus took it: a publish that failed (Redis down) relayed nothing.
    this.#counters.sentMessages++
    this.#counters.sentBytes += message.byteLength
  }

  subscribe(channel: string, handler: (message: BusMessage) => void): Promise<Unsubscribe> {
    return this.#inner.subscribe(channel, (message) => {
      this.#counters.receivedMessages++
      this.#counters.receivedBytes += message.byteLength
      handler(message)
    })
  }

  close(): Promise<void> {
    return this.#inner.close()
  }
}
