import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import type { TLRecord } from '@tldraw/tlschema'
import { boardSchema } from '@/lib/board/record-checks'
import { richTextLines, thumbnailScene } from '@/lib/board/thumbnail'
import { arrowEndpoints, compileDiagram, compileTemplate, indexKey, partsOf, PAGE_ID } from '@/lib/templates/compile'
import { templateProblems } from '@/lib/templates/validate'
import { fixtureSpec } from './fixture'

type Shape = TLRecord & { type: string; index: string; props: Record<string, unknown> }
const shapes = (records: TLRecord[]) => records.filter((r) => r.typeName === 'shape') as Shape[]

describe('compileTemplate', () => {
  it('is deterministic: the same template gives the same records', () => {
    expect(compileTemplate(fixtureSpec(), 'reference')).toEqual(compileTemplate(fixtureSpec(), 'reference'))
  })

  it('draws every component, one bound arrow per connection with its label, and the notes', () => {
    const records = compileTemplate(fixtureSpec(), 'reference')
    const all = shapes(records)
    const components = all.filter((s) => s.type === 'component')
    expect(components.map((c) => [c.props.kind, c.props.text])).toEqual([
      ['client', 'Browser'],
      ['load-balancer', 'Load balancer'],
      ['server', 'App'],
      ['cache', 'Redis'],
      ['database', 'Postgres'],
    ])
    expect(components.find((c) => c.props.text === 'App')?.props.capacity).toBe(2000)
    const arrows = all.filter((s) => s.type === 'arrow')
    expect(arrows.map((a) => richTextLines(a.props.richText).join())).toEqual(['HTTPS', 'HTTP', 'get', 'on miss'])
    expect(arrows.map((a) => a.props.dash)).toEqual(['solid', 'solid', 'solid', 'dashed'])
    const bindings = records.filter((r) => r.typeName === 'binding') as Array<TLRecord & { fromId: string; toId: string; props: { terminal: string } }>
    expect(bindings).toHaveLength(8)
    const appId = components.find((c) => c.props.text === 'App')!.id
    const dbId = components.find((c) => c.props.text === 'Postgres')!.id
    const lastArrow = arrows[3]!.id
    expect(bindings.filter((b) => b.fromId === lastArrow).map((b) => [b.props.terminal, b.toId])).toEqual([
      ['start', appId],
      ['end', dbId],
    ])
    expect(all.filter((s) => s.type === 'note').map((n) => richTextLines(n.props.richText))).toEqual([['Stateless servers scale out.']])
    expect(all.every((s) => (s as unknown as { parentId: string }).parentId === PAGE_ID)).toBe(true)
  })

  it('stacks zones under components under arrows', () => {
    const all = shapes(compileTemplate(fixtureSpec(), 'reference'))
    const index = (type: string) => all.filter((s) => s.type === type).map((s) => s.index)
    const maxOf = (xs: string[]) => xs.reduce((a, b) => (a > b ? a : b))
    const minOf = (xs: string[]) => xs.reduce((a, b) => (a < b ? a : b))
    expect(maxOf(index('geo')) < minOf(index('component'))).toBe(true)
    expect(maxOf(index('component')) < minOf(index('arrow'))).toBe(true)
  })

  it('the blank start holds the prompt and one unconnected part per kind, nothing else', () => {
    const all = shapes(compileTemplate(fixtureSpec(), 'blank'))
    expect(all.filter((s) => s.type === 'arrow' || s.type === 'note')).toEqual([])
    expect(all.filter((s) => s.type === 'component').map((s) => s.props.kind)).toEqual(partsOf(fixtureSpec()))
    const text = all.filter((s) => s.type === 'text').flatMap((s) => richTextLines(s.props.richText))
    expect(text).toContain('Design a tiny service.')
    expect(text).toContain('• feature 1')
    expect(text).toContain('Scale')
  })

  it('tldraw accepts the records', () => {
    const store = createTLStore({ schema: boardSchema() })
    expect(() => store.put(compileTemplate(fixtureSpec(), 'reference'))).not.toThrow()
  })
})

describe('indexKey', () => {
  it('gives strictly increasing keys, past the one-character range', () => {
    const keys = Array.from({ length: 300 }, (_, i) => indexKey(i))
    expect(new Set(keys).size).toBe(300)
    expect([...keys].sort()).toEqual(keys)
  })
})

describe('arrowEndpoints', () => {
  it('leaves each box at its edge, towards the other box', () => {
    const a = { x: 0, y: 0, w: 100, h: 50 }
    const b = { x: 300, y: 0, w: 100, h: 50 }
    expect(arrowEndpoints(a, b)).toEqual({ start: { x: 100, y: 25 }, end: { x: 300, y: 25 } })
    const below = { x: 0, y: 200, w: 100, h: 50 }
    expect(arrowEndpoints(a, below)).toEqual({ start: { x: 50, y: 50 }, end: { x: 50, y: 200 } })
  })
})

describe('templateProblems', () => {
  it('passes the fixture', () => {
    expect(templateProblems(fixtureSpec())).toEqual([])
  })

  it('names empty text, dangling arrows, overlaps, loose components and zone edges', () => {
    const spec = fixtureSpec()
    spec.hints[1] = '  '
    expect(templateProblems(spec)).toEqual(['hints.1: must not be empty'])

    const dangling = fixtureSpec()
    dangling.diagram.arrows.push({ from: 'app', to: 'queue', label: 'publish' })
    expect(templateProblems(dangling)).toEqual(['diagram.arrows.4: to names a missing component queue'])

    const crowded = fixtureSpec()
    crowded.diagram.notes.push({ text: 'On top of the browser', x: 10, y: 70 })
    expect(templateProblems(crowded)).toEqual(['diagram: component client and note 1 overlap or touch'])

    const loose = fixtureSpec()
    loose.diagram.components.push({ id: 'worker', kind: 'worker', label: 'Worker', x: 1200, y: 600 })
    expect(templateProblems(loose)).toEqual(['diagram.components: worker is not connected to anything'])

    const straddle = fixtureSpec()
    straddle.diagram.zones = [{ label: 'Region', x: 256, y: 0, w: 360, h: 200 }]
    expect(templateProblems(straddle)).toEqual(['diagram: component app straddles the edge of zone 0 (Region)'])
  })
})

describe('thumbnailScene', () => {
  it('draws components, arrows between their edges and notes, inside the view box', () => {
    const scene = thumbnailScene(compileDiagram(fixtureSpec()))
    expect(scene.items.filter((i) => i.type === 'component')).toHaveLength(5)
    const lines = scene.items.filter((i) => i.type === 'line')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatchObject({ from: { x: 160 }, to: { x: 280 }, head: true, dashed: false })
    const { x, y, w, h } = scene.viewBox
    for (const item of scene.items) {
      if (item.type === 'line') continue
      expect(item.x).toBeGreaterThanOrEqual(x)
      expect(item.y).toBeGreaterThanOrEqual(y)
      if ('w' in item) expect(item.x + item.w).toBeLessThanOrEqual(x + w)
    }
    expect(h).toBeGreaterThan(0)
  })

  it('an empty board gives an empty scene, not an error', () => {
    expect(thumbnailScene([]).items).toEqual([])
  })
})
