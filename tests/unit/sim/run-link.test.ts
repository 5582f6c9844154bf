import { describe, expect, it } from 'vitest'
import { getSimulator, startRun } from '@/lib/sim/registry'
import { decodeRunLink, encodeRunLink, runLinkOf, runLinkPath, sharedRunFromLink, RUN_PARAM } from '@/lib/sim/run-link'
import { defaultSharedRun, replayTo, type SharedRun } from '@/lib/sim/shared-run'

describe('a run as a link', () => {
  it('round-trips a run with failures and a moment, and replays to identical metrics', () => {
    const sim = getSimulator('cap')!
    const run: SharedRun = { ...defaultSharedRun(sim), seed: 4242, params: { ...defaultSharedRun(sim).params, mode: 'ap' }, failures: [{ node: 'cut:n0,n1', at: 1500 }, { node: 'n3', at: 2500 }, { node: 'ünknown ✓', at: 2600 }] }
    const encoded = encodeRunLink(runLinkOf(run, 3000))
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/)
    const link = decodeRunLink(encoded)!
    expect(link).toEqual({ id: 'cap', params: run.params, seed: 4242, failures: run.failures, t: 3000 })
    const metricsAt = (r: SharedRun) => {
      const started = startRun(sim, r.params, r.seed, 8000)
      if (!started.ok) throw new Error(started.errors.join())
      return JSON.stringify(replayTo(started.run, r, 3000).metrics())
    }
    expect(metricsAt(sharedRunFromLink(link))).toBe(metricsAt(run))
    expect(sharedRunFromLink(link)).toMatchObject({ playing: false, offset: 3000 })
  })

  it('refuses anything it cannot trust: garbage, oversize, unknown simulators, bad fields', () => {
    const ok = runLinkOf(defaultSharedRun(getSimulator('caching')!), 1)
    expect(decodeRunLink(null)).toBeNull()
    expect(decodeRunLink('not base64!')).toBeNull()
    expect(decodeRunLink('A'.repeat(7000))).toBeNull()
    expect(decodeRunLink(encodeRunLink({ ...ok, id: 'teleporter' }))).toBeNull()
    expect(decodeRunLink(encodeRunLink({ ...ok, seed: -1 }))).toBeNull()
    expect(decodeRunLink(encodeRunLink({ ...ok, extra: 1 } as typeof ok))).toBeNull()
    expect(decodeRunLink(encodeRunLink({ ...ok, id: 'board' }))).not.toBeNull()
  })

  it('builds the board URL, keeping a share token', () => {
    const link = runLinkOf(defaultSharedRun(getSimulator('caching')!), 2)
    const path = runLinkPath('b1', link, 'tok')
    const url = new URL(path, 'http://x')
    expect(url.pathname).toBe('/b/b1')
    expect(url.searchParams.get('share')).toBe('tok')
    expect(decodeRunLink(url.searchParams.get(RUN_PARAM))).toEqual(link)
  })
})
