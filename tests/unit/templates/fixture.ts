import type { TemplateSpec } from '@/lib/templates/spec'

const items = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} ${i + 1}`)

/** A small, valid template for the compiler's and validator's own tests. */
export function fixtureSpec(): TemplateSpec {
  return {
    slug: 'fixture',
    title: 'Fixture',
    topic: 'basics',
    kind: 'topic',
    summary: 'A small template for tests.',
    simulator: 'basics',
    prompt: { statement: 'Design a tiny service.', functional: items('feature', 3), nonFunctional: items('quality', 3), scale: items('number', 3) },
    tradeoffs: items('trade-off', 4),
    followUps: items('follow-up', 4),
    hints: items('hint', 3),
    rubric: [1, 2, 3, 4].map((i) => ({ dimension: `dimension ${i}`, strong: 'does it well', weak: 'misses it' })),
    diagram: {
      components: [
        { id: 'client', kind: 'client', label: 'Browser', x: 0, y: 60 },
        { id: 'lb', kind: 'load-balancer', label: 'Load balancer', x: 280, y: 60 },
        { id: 'app', kind: 'server', label: 'App', x: 560, y: 60, capacity: 2000 },
        { id: 'cache', kind: 'cache', label: 'Redis', x: 840, y: 0 },
        { id: 'db', kind: 'database', label: 'Postgres', x: 840, y: 200 },
      ],
      arrows: [
        { from: 'client', to: 'lb', label: 'HTTPS' },
        { from: 'lb', to: 'app', label: 'HTTP' },
        { from: 'app', to: 'cache', label: 'get' },
        { from: 'app', to: 'db', label: 'on miss', dashed: true },
      ],
      notes: [{ text: 'Stateless servers scale out.', x: 0, y: 420 }],
      zones: [{ label: 'Region', x: 256, y: 0, w: 496, h: 200 }],
    },
  }
}
