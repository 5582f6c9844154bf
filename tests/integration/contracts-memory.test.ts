// The contract suites against the in-memory implementations (embedded mode).
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import { MemoryBusHub } from '@/lib/rooms/memory-bus'
import { MemoryRegistry } from '@/lib/rooms/memory-registry'
import { MemoryRoomLock } from '@/server/room-lock'
import { busContract } from '../contract/bus.contract'
import { lockContract } from '../contract/lock.contract'
import { registryContract } from '../contract/registry.contract'
import { updateLogContract } from '../contract/update-log.contract'

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

updateLogContract('memory', async () => {
  // autoCreate off: unknown rooms are not found, as with a database.
  const log = new MemoryUpdateLog({ autoCreate: false })
  let n = 0
  return {
    log,
    async createBoard() {
      const room = `board-${n++}`
      log.createBoard(room)
      return room
    },
    async deleteBoard(room) {
      log.deleteBoard(room)
    },
    async stored(room) {
      return log
        .checkpoints(room)
        .map((c) => ({ id: c.id, at: c.at.getTime(), kind: c.kind, name: c.name, authors: c.authors }))
        .sort((a, b) => a.id - b.id)
    },
    close: async () => {},
  }
})
