// The web tier's handle on the sync tier: the node registry (who is live, where) and the bus
// (control messages to nodes). Embedded default: the in-process ones the embedded sync node
// also uses. Scale-out (REDIS_URL): the Redis implementations plug in here (issue 3) and no
// caller changes.
import { serverEnv } from '@/lib/env.server'
import { CONTROL_CHANNEL, type ControlMessage, type RoomBus } from './bus'
import { embedded } from './embedded.server'
import type { NodeRegistry } from './registry'

type Tier = { registry: NodeRegistry; bus: RoomBus }
const slot = Symbol.for('designroom.web-tier')

function createTier(): Tier {
  if (serverEnv().REDIS_URL) {
    // Seam for issue 3: return { registry: new RedisRegistry(url), bus: new RedisBus(url) }.
    throw new Error('REDIS_URL is set, but the Redis registry and bus are not wired into the web tier yet')
  }
  const { registry, hub } = embedded()
  return { registry, bus: hub.connect() }
}

function tier(): Tier {
  const holder = globalThis as { [slot]?: Tier }
  holder[slot] ??= createTier()
  return holder[slot]
}

export function getRegistry(): NodeRegistry {
  return tier().registry
}

export function getBus(): RoomBus {
  return tier().bus
}

const encoder = new TextEncoder()

/**
 * Tells sync nodes about an access change so they close affected sockets. Best effort: the bus
 * is at-most-once, and tokens are short-lived, so a lost message only delays the cut-off until
 * the socket's next reconnect (which goes through the lookup and is refused).
 */
export async function publishControl(message: ControlMessage): Promise<void> {
  try {
    await getBus().publish(CONTROL_CHANNEL, encoder.encode(JSON.stringify(message)))
  } catch (error) {
    console.error('designroom: could not publish control message', message, error)
  }
}
