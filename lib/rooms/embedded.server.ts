// The embedded default's shared registry and bus hub. The sync node (server/) and Next's route
// handlers run in one process but in separate module graphs, so they meet on globalThis.
import { MemoryBusHub } from './memory-bus'
import { MemoryRegistry } from './memory-registry'

type Embedded = { registry: MemoryRegistry; hub: MemoryBusHub }
const slot = Symbol.for('designroom.embedded')

export function embedded(): Embedded {
  const holder = globalThis as { [slot]?: Embedded }
  holder[slot] ??= { registry: new MemoryRegistry(), hub: new MemoryBusHub() }
  return holder[slot]
}
