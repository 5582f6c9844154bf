// The RoomBus contract (lib/rooms/bus.ts), run against every implementation. "Instances" are
// what two sync nodes hold: separate buses on one hub (memory) or one Redis server.
// Absence is asserted after a sentinel that was sent later on the same path arrives, so no test
// sleeps and hopes: both implementations deliver one publisher's messages in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BusMessage, RoomBus } from '@/lib/rooms/bus'
import { uniqueName, until } from './wait'

export type BusFixture = {
  /** A new bus instance; the suite closes it. */
  connect(): RoomBus
  close(): Promise<void>
}

type Inbox = { messages: Uint8Array[]; texts(): string[] }

function inbox(): Inbox & { handler: (message: BusMessage) => void } {
  const messages: Uint8Array[] = []
  return {
    messages,
    handler: (message) => messages.push(message),
    texts: () => messages.map((m) => new TextDecoder().decode(m)),
  }
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

export function busContract(label: string, setup: () => Promise<BusFixture>): void {
  describe(`RoomBus contract: ${label}`, () => {
    let fixture: BusFixture
    let buses: RoomBus[] = []
    let channel: string
    const connect = (): RoomBus => {
      const bus = fixture.connect()
      buses.push(bus)
      return bus
    }

    beforeEach(async () => {
      fixture = await setup()
      buses = []
      channel = uniqueName('designroom:room:contract')
    })

    afterEach(async () => {
      await Promise.all(buses.map((bus) => bus.close()))
      await fixture.close()
    })

    it('a message published before subscribe is not delivered', async () => {
      const a = connect()
      const b = connect()
      await a.publish(channel, text('early'))
      const got = inbox()
      await b.subscribe(channel, got.handler)
      await a.publish(channel, text('late'))
      await until(() => got.messages.length > 0, 'the later message')
      expect(got.texts()).toEqual(['late'])
    })

    it('subscribers on other instances receive binary payloads byte-exact', async () => {
      const a = connect()
      const b = connect()
      const c = connect()
      const inB = inbox()
      const inC = inbox()
      await b.subscribe(channel, inB.handler)
      await c.subscribe(channel, inC.handler)
      // Every byte value, zeros and 0xff, values that look like a length header, and an empty frame.
      const all = Uint8Array.from({ length: 256 }, (_, i) => i)
      const tricky = new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0])
      const big = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) & 0xff)
      const sent = [all, tricky, new Uint8Array(0), big]
      for (const message of sent) await a.publish(channel, message)
      await until(() => inB.messages.length === sent.length && inC.messages.length === sent.length, 'all frames on both')
      for (const got of [inB.messages, inC.messages]) {
        expect(got.map((m) => Buffer.from(m).toString('hex'))).toEqual(sent.map((m) => Buffer.from(m).toString('hex')))
        for (const m of got) expect(m).toBeInstanceOf(Uint8Array)
      }
    })

    it('a publisher never receives its own message', async () => {
      const a = connect()
      const b = connect()
      const inA = inbox()
      const inB = inbox()
      await a.subscribe(channel, inA.handler)
      await b.subscribe(channel, inB.handler)
      await a.publish(channel, text('from a'))
      await until(() => inB.messages.length === 1, 'b hears a')
      // b's reply reaches a after any echo of a's own message would have.
      await b.publish(channel, text('from b'))
      await until(() => inA.messages.length >= 1, 'a hears b')
      expect(inA.texts()).toEqual(['from b'])
      expect(inB.texts()).toEqual(['from a'])
    })

    it('unsubscribe stops delivery', async () => {
      const a = connect()
      const b = connect()
      const stopped = inbox()
      const kept = inbox()
      const sentinel = inbox()
      const unsubscribe = await b.subscribe(channel, stopped.handler)
      await b.subscribe(channel, kept.handler)
      await b.subscribe(`${channel}:sentinel`, sentinel.handler)
      await a.publish(channel, text('one'))
      await until(() => stopped.messages.length === 1 && kept.messages.length === 1, 'first message')
      await unsubscribe()
      await unsubscribe() // idempotent
      await a.publish(channel, text('two'))
      await a.publish(`${channel}:sentinel`, text('done'))
      await until(() => sentinel.messages.length === 1 && kept.messages.length === 2, 'sentinel')
      expect(stopped.texts()).toEqual(['one'])
      expect(kept.texts()).toEqual(['one', 'two'])
    })

    it('close stops delivery to that instance only', async () => {
      const a = connect()
      const b = connect()
      const c = connect()
      const inB = inbox()
      const inC = inbox()
      await b.subscribe(channel, inB.handler)
      await c.subscribe(channel, inC.handler)
      await b.close()
      await a.publish(channel, text('after close'))
      await until(() => inC.messages.length === 1, 'c still hears')
      expect(inB.messages).toEqual([])
    })
  })
}
