import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { simulators } from '@/lib/sim/registry'

const root = fileURLToPath(new URL('../../..', import.meta.url))

function simulate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('npm run simulate', () => {
  it('prints a run\'s final metrics as JSON, the same for the same seed', () => {
    const args = ['caching', '--params', '{"cacheSize":50,"keys":500}', '--seed', '3', '--duration', '20']
    const a = simulate(...args)
    expect(a.stderr).toBe('')
    expect(a.status).toBe(0)
    const out = JSON.parse(a.stdout) as { simulator: string; seed: number; params: Record<string, unknown>; metrics: { values: Record<string, number> } }
    expect(out.simulator).toBe('caching')
    expect(out.params.cacheSize).toBe(50)
    expect(out.params.policy).toBe('lru') // defaults filled in
    expect(out.metrics.values.hitRatio).toBeGreaterThan(0)
    expect(simulate(...args).stdout).toBe(a.stdout)
  })

  it('--list prints every simulator with its parameter schema and metric names', () => {
    const r = simulate('--list')
    expect(r.status).toBe(0)
    const list = JSON.parse(r.stdout) as { id: string; params: Record<string, { type: string; min?: number; max?: number; default: unknown }>; metrics: { name: string }[] }[]
    expect(list.map((s) => s.id)).toEqual(Object.keys(simulators))
    expect(list.length).toBe(11)
    const lb = list.find((s) => s.id === 'load-balancing')!
    const servers = lb.params.servers!
    expect(servers).toMatchObject({ type: 'integer', min: 1, max: 64, default: 4 })
    expect(lb.metrics.map((m) => m.name)).toContain('sessionsLost')
  })

  it('invalid parameters exit 2 naming the parameter; unknown simulators exit 2 listing the known', () => {
    const bad = simulate('load-balancing', '--params', '{"servers":100}')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('servers: must be at most 64')
    const json = simulate('sharding', '--params', '{nope')
    expect(json.status).toBe(2)
    expect(json.stderr).toContain('--params: not valid JSON')
    const unknown = simulate('teleporter')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain(`unknown simulator "teleporter"; known simulators: ${Object.keys(simulators).join(', ')}`)
  })
})
