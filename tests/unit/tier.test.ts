import { describe, expect, it } from 'vitest'
import { CONTROL_CHANNEL, type ControlMessage } from '@/lib/rooms/bus'
import { embedded } from '@/lib/rooms/embedded.server'

process.env.NEXTAUTH_SECRET ??= 'test-secret-that-is-long-enough-for-hs256-0123456789'

describe('web tier control messages', () => {
  it('reach a sync node subscribed on the embedded hub as JSON', async () => {
    const { publishControl, getRegistry } = await import('@/lib/rooms/tier.server')
    const node = embedded().hub.connect()
    const received: ControlMessage[] = []
    await node.subscribe(CONTROL_CHANNEL, (bytes) => received.push(JSON.parse(new TextDecoder().decode(bytes)) as ControlMessage))
    await publishControl({ type: 'share-revoked', boardId: 'b1', shareId: 's1' })
    await publishControl({ type: 'board-deleted', boardId: 'b1' })
    await new Promise((r) => setTimeout(r, 0))
    expect(received).toEqual([
      { type: 'share-revoked', boardId: 'b1', shareId: 's1' },
      { type: 'board-deleted', boardId: 'b1' },
    ])
    expect(getRegistry()).toBe(embedded().registry)
    await node.close()
  })
})
