// The web tier's handle on the sync tier: the node registry (who is live, where) and the bus
// (control messages to nodes). Embedded default: the in-process ones the embedded sync node
// also uses. Scale-out (REDIS_URL): the Redis implementations plug in here (issue 3) and no
// caller changes.
import { serverEnv } from '@/lib/env.server'
import { CONTROL_CHANNEL, type ControlMessage, type RoomBus } from './bus'
import { embedded } from './embedded.server'
import type { NodeRegistry } from './registry'
import { RedisBus } from './redis-bus'
import { RedisRegistry } from './redis-registry'
import { createLogger, parseLogLevel } from '@/lib/log'

type Tier = { registry: NodeRegistry; bus: RoomBus }
const slot = Symbol.for('designroom.web-tier')

function createTier(): Tier {
  const url = serverEnv().REDIS_URL
  if (url) {
    // Scale-out: the same Redis keys and channels the sync nodes use. Created on first use (route
    // handlers only), and the clients connect in the background with their own error listeners,
    // so a down Redis fails lookups instead of crashing the web process.
    const log = createLogger(parseLogLevel(process.env.LOG_LEVEL), { component: 'web-tier' })
    return { registry: new RedisRegistry({ url, log }), bus: new RedisBus({ url, log, name: 'web' }) }
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
