import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { isOriginAllowed, parseUpgradeTarget } from '@/server/upgrade'

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage
}

describe('upgrade checks', () => {
  it('parses /sync/<room>?token=…', () => {
    expect(parseUpgradeTarget('/sync/board_1?token=abc&saved=1')).toEqual({ ok: true, room: 'board_1', token: 'abc', wantsSaved: true })
    expect(parseUpgradeTarget('/sync/board_1')).toMatchObject({ ok: true, token: '', wantsSaved: false })
  })

  it.each([
    ['/sync/bad.name', 400],
    ['/sync/', 400],
    [`/sync/${'a'.repeat(65)}`, 400],
    ['/sync/a/b', 404],
    ['/other/a', 404],
  ])('%s is refused with %i', (url, status) => {
    expect(parseUpgradeTarget(url)).toEqual({ ok: false, status })
  })

  it('allows no Origin, the same host, and listed origins only', () => {
    const allowed = ['https://app.example']
    expect(isOriginAllowed(req({ host: 'h:3000' }), allowed)).toBe(true)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'http://h:3000' }), allowed)).toBe(true)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'https://h:3000' }), allowed)).toBe(true)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'https://app.example' }), allowed)).toBe(true)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'https://evil.example' }), allowed)).toBe(false)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'http://h:3000.evil.example' }), allowed)).toBe(false)
    expect(isOriginAllowed(req({ host: 'h:3000', origin: 'null' }), allowed)).toBe(false)
  })
})
