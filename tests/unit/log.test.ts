import { describe, expect, it } from 'vitest'
import { createLogger, silentLogger } from '@/lib/log'

describe('createLogger', () => {
  it('writes one JSON line per entry at or above its level, with child fields and plain errors', () => {
    const lines: string[] = []
    const log = createLogger('info', { node: 'n1' }, (line) => lines.push(line))
    log.debug('hidden')
    log.child({ room: 'b1' }).warn('slow', { error: new Error('boom'), ms: 12 })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'slow', node: 'n1', room: 'b1', ms: 12, error: { name: 'Error', message: 'boom' } })
  })

  it('a silent logger and its children write nothing', () => {
    expect(silentLogger.child({ room: 'x' })).toBe(silentLogger)
  })
})
