import { describe, expect, it } from 'vitest'
import type { RoomBus } from '@/lib/rooms/bus'
import { CountingBus } from '@/lib/rooms/counting-bus'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('CountingBus', () => {
  it('counts messages and bytes it publishes and receives, and still delivers them', async () => {
    const hub = new MemoryBusHub()
    const a = new CountingBus(hub.connect())
    const b = new CountingBus(hub.connect())
    const got: number[] = []
    await b.subscribe('room', (message) => got.push(message.byteLength))
    await a.publish('room', new Uint8Array(10))
    await a.publish('room', new Uint8Array(3))
    await flush()
    expect(got).toEqual([10, 3])
    expect(a.counters()).toEqual({ sentMessages: 2, sentBytes: 13, receivedMessages: 0, receivedBytes: 0 })
    expect(b.counters()).toEqual({ sentMessages: 0, sentBytes: 0, receivedMessages: 2, receivedBytes: 13 })
  })

  it('does not count a publish the bus refused', async () => {
    const down: RoomBus = {
      publish: () => Promise.reject(new Error('redis is down')),
      subscribe: () => Promise.resolve(async () => {}),
      close: () => Promise.resolve(),
    }
    const bus = new CountingBus(down)
    await expect(bus.publish('room', new Uint8Array(4))).rejects.toThrow('redis is down')
    expect(bus.counters().sentMessages).toBe(0)
  })

  it('passes reconnect notifications through only when the wrapped bus has them', () => {
    expect(new CountingBus(new MemoryBusHub().connect()).onReconnect).toBeUndefined()
    const listeners: Array<() => void> = []
    const reconnecting: RoomBus = {
      publish: () => Promise.resolve(),
      subscribe: () => Promise.resolve(async () => {}),
      close: () => Promise.resolve(),
      onReconnect: (listener) => {
        listeners.push(listener)
        return () => {}
      },
    }
    let fired = 0
    new CountingBus(reconnecting).onReconnect?.(() => fired++)
    listeners.forEach((listener) => listener())
    expect(fired).toBe(1)
  })
})
