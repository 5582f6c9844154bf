// The NodeRegistry contract (lib/rooms/registry.ts). Lease arithmetic uses explicit `now`
// values, so it is exact and instant; one case also checks the default (wall) clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NodeInfo, NodeRegistry } from '@/lib/rooms/registry'
import { sleep } from './wait'

export type RegistryFixture = {
  /** Two handles on one registry (two nodes' views); may be the same object in memory. */
  a: NodeRegistry
  b: NodeRegistry
  close(): Promise<void>
}

const T0 = 1_800_000_000_000

function node(id: string, lastSeen: number, extra: Partial<NodeInfo> = {}): NodeInfo {
  return { id, url: `ws://10.0.0.1:4001/sync`, pid: 4242, rooms: 3, connections: 7, relay: { sentMessages: 5, sentBytes: 640, receivedMessages: 4, receivedBytes: 512 }, lastSeen, ...extra }
}

const ids = (nodes: NodeInfo[]): string[] => nodes.map((n) => n.id).sort()

export function registryContract(label: string, setup: () => Promise<RegistryFixture>): void {
  describe(`NodeRegistry contract: ${label}`, () => {
    let f: RegistryFixture
    beforeEach(async () => {
      f = await setup()
    })
    afterEach(async () => {
      await f.close()
    })

    it('registered nodes are seen by other instances with every field intact', async () => {
      const info = node('n1', T0, { url: 'wss://sync-1.example/sync', pid: 99, rooms: 0, connections: 0 })
      await f.a.heartbeat(info, 6_000)
      await f.a.heartbeat(node('n2', T0), 6_000)
      const live = await f.b.liveNodes(T0 + 1)
      expect(ids(live)).toEqual(['n1', 'n2'])
      expect(live.find((n) => n.id === 'n1')).toEqual(info)
    })

    it('a lease expires after its ttl without heartbeat', async () => {
      await f.a.heartbeat(node('n1', T0), 1_000)
      expect(ids(await f.b.liveNodes(T0 + 999))).toEqual(['n1'])
      expect(ids(await f.b.liveNodes(T0 + 1_000))).toEqual([])
    })

    it('a lease expires by the wall clock when liveNodes gets no `now`', async () => {
      await f.a.heartbeat(node('n1', Date.now()), 150)
      expect(ids(await f.b.liveNodes())).toEqual(['n1'])
      await sleep(250)
      expect(ids(await f.b.liveNodes())).toEqual([])
    })

    it('heartbeat refreshes the lease and the node info', async () => {
      await f.a.heartbeat(node('n1', T0, { rooms: 1 }), 1_000)
      await f.a.heartbeat(node('n1', T0 + 800, { rooms: 5 }), 1_000)
      const live = await f.b.liveNodes(T0 + 1_500)
      expect(live).toEqual([node('n1', T0 + 800, { rooms: 5 })])
      expect(await f.b.liveNodes(T0 + 1_800)).toEqual([])
    })

    it('remove drops a node at once', async () => {
      await f.a.heartbeat(node('n1', T0), 60_000)
      await f.a.heartbeat(node('n2', T0), 60_000)
      await f.a.remove('n1')
      await f.a.remove('never-registered')
      expect(ids(await f.b.liveNodes(T0 + 1))).toEqual(['n2'])
    })

    it('a removed node can register again', async () => {
      await f.a.heartbeat(node('n1', T0), 60_000)
      await f.a.remove('n1')
      await f.a.heartbeat(node('n1', T0 + 10), 60_000)
      expect(ids(await f.b.liveNodes(T0 + 20))).toEqual(['n1'])
    })
  })
}
