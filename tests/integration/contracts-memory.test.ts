// The contract suites against the in-memory implementations (embedded mode).
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
import { MemoryRoomLock } from '@/server/room-lock'
import { busContract } from '../contract/bus.contract'
import { lockContract } from '../contract/lock.contract'
import { registryContract } from '../contract/registry.contract'

busContract('memory', async () => {
  const hub = new MemoryBusHub()
  return { connect: () => hub.connect(), close: async () => {} }
})

registryContract('memory', async () => {
  // Embedded mode has one registry object shared by the web tier and the node.
  const registry = new MemoryRegistry()
  return { a: registry, b: registry, close: () => registry.close() }
})

lockContract('memory', async () => {
  // One process, one lock: MemoryRoomLock has no lease, so the lease cases are skipped.
  const lock = new MemoryRoomLock()
  return { a: lock, b: lock, close: async () => {} }
})
