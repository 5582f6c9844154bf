import { describe, expect, it } from 'vitest'
import { webProcessCount } from '../../load/lookup-upgrade'

describe('L7_WEB_PROCESSES', () => {
  it('is one web process when unset, and the number given otherwise', () => {
    expect(webProcessCount(undefined)).toBe(1)
    expect(webProcessCount('4')).toBe(4)
  })

  it.each(['0', '-1', '2.5', 'four', '', '33'])('refuses %j with a message that names the variable', (raw) => {
    expect(() => webProcessCount(raw)).toThrow(/L7_WEB_PROCESSES must be a whole number from 1 to 32/)
  })
})
