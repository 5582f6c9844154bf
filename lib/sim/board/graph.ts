// Reads a board's tldraw records as a directed graph of components. Pure: the browser passes
// editor.store.allRecords() and tests pass compileTemplate's output, so this module must not
// import tldraw's runtime. Anything it cannot simulate becomes a problem, never a silent skip.
import { COMPONENTS, isComponentKind, type ComponentKind } from '@/lib/shapes/component-kinds'

/** The fields of a tldraw record this module reads; every TLRecord is assignable to it. */
export type BoardRecord = {
  readonly id: string
  readonly typeName: string
  readonly type?: unknown
  readonly props?: unknown
  readonly parentId?: unknown
  readonly fromId?: unknown
  readonly toId?: unknown
}

export type BoardNode = { id: string; kind: ComponentKind; label: string; capacity: number }

/** start -> end of one arrow. `async`: drawn dashed or dotted (a background flow). */
export type BoardEdge = { from: string; to: string; arrowId: string; async: boolean; label: string }

export type ProblemCode = 'loose-arrow' | 'not-a-component' | 'bad-component' | 'no-client' | 'disconnected' | 'unreachable' | 'cycle' | 'not-simulated'

export type BoardProblem = { code: ProblemCode; shapeId?: string; message: string }

export type BoardGraph = { nodes: BoardNode[]; edges: BoardEdge[]; problems: BoardProblem[] }

/** What a run needs of a graph. */
export type GraphLike = { readonly nodes: readonly BoardNode[]; readonly edges: readonly BoardEdge[] }

/** The custom shape's type (lib/shapes/component-schema.ts), not imported: that module loads tldraw. */
const COMPONENT_TYPE = 'component'

type Props = Record<string, unknown>
const propsOf = (r: BoardRecord): Props => (typeof r.props === 'object' && r.props !== null ? (r.props as Props) : {})

/** The plain text of a tldraw rich-text document (TipTap JSON), or a legacy `text` prop. */
export function plainText(props: Props): string {
  const parts: string[] = []
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    const n = node as { text?: unknown; content?: unknown }
    if (typeof n.text === 'string') parts.push(n.text)
    if (Array.isArray(n.content)) n.content.forEach(walk)
  }
  walk(props.richText)
  const text = parts.length ? parts.join(' ') : typeof props.text === 'string' ? props.text : ''
  return text.trim()
}

/** Shapes on `pageId` (directly or inside frames and groups); all shapes when no page is given. */
function shapesOnPage(records: readonly BoardRecord[], pageId?: string): BoardRecord[] {
  const shapes = records.filter((r) => r.typeName === 'shape')
  if (pageId === undefined) return shapes
  const parent = new Map(shapes.map((s) => [s.id, typeof s.parentId === 'string' ? s.parentId : '']))
  const onPage = (id: string): boolean => {
    // Bounded walk: a malformed parent cycle cannot hang the browser.
    let at = id
    for (let i = 0; i <= shapes.length; i++) {
      const p = parent.get(at)
      if (p === undefined) return at === pageId
      at = p
    }
    return false
  }
  return shapes.filter((s) => onPage(s.id))
}

export function boardGraph(records: readonly BoardRecord[], pageId?: string): BoardGraph {
  const problems: BoardProblem[] = []
  const shapes = shapesOnPage(records, pageId)
  const nodes: BoardNode[] = []
  const arrows: BoardRecord[] = []
  const others = new Map<string, number>()
  for (const s of shapes) {
    const type = typeof s.type === 'string' ? s.type : 'unknown'
    if (type === COMPONENT_TYPE) {
      const p = propsOf(s)
      if (!isComponentKind(p.kind)) {
        problems.push({ code: 'bad-component', shapeId: s.id, message: `A component has an unknown kind (${String(p.kind)}): it is not simulated` })
        continue
      }
      const capacity = typeof p.capacity === 'number' && Number.isFinite(p.capacity) && p.capacity > 0 ? p.capacity : 0
      const text = typeof p.text === 'string' ? p.text.trim() : ''
      nodes.push({ id: s.id, kind: p.kind, label: text || COMPONENTS[p.kind].title, capacity })
    } else if (type === 'arrow') arrows.push(s)
    else others.set(type, (others.get(type) ?? 0) + 1)
  }
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const shapeType = new Map(shapes.map((s) => [s.id, typeof s.type === 'string' ? s.type : 'unknown']))
  const ends = new Map<string, { start?: string; end?: string }>()
  for (const b of records) {
    if (b.typeName !== 'binding' || b.type !== 'arrow' || typeof b.fromId !== 'string' || typeof b.toId !== 'string') continue
    const terminal = propsOf(b).terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const e = ends.get(b.fromId) ?? {}
    e[terminal] = b.toId
    ends.set(b.fromId, e)
  }
  const edges: BoardEdge[] = []
  for (const a of arrows) {
    const { start, end } = ends.get(a.id) ?? {}
    const label = plainText(propsOf(a))
    const named = label ? `Arrow "${label}"` : 'An arrow'
    if (!start || !end || !shapeType.has(start) || !shapeType.has(end)) {
      const which = !start || !shapeType.has(start) ? (!end || !shapeType.has(end) ? 'either end' : 'its start') : 'its end'
      problems.push({ code: 'loose-arrow', shapeId: a.id, message: `${named} is not attached at ${which}: it is not simulated` })
      continue
    }
    const foreign = [start, end].filter((id) => !byId.has(id))
    if (foreign.length) {
      const types = [...new Set(foreign.map((id) => shapeType.get(id)))].join(' and ')
      problems.push({ code: 'not-a-component', shapeId: a.id, message: `${named} is attached to a ${types} shape, not a component: it is not simulated` })
      continue
    }
    // Direction is always start -> end, whatever the arrowheads or the label say: a two-way
    // arrow is read as requests going from where it was drawn from.
    const dash = propsOf(a).dash
    edges.push({ from: start, to: end, arrowId: a.id, async: dash === 'dashed' || dash === 'dotted', label })
  }
  problems.push(...reachability(nodes, edges), ...cycles(nodes, edges))
  if (others.size) {
    const total = [...others.values()].reduce((x, y) => x + y, 0)
    const detail = [...others.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([t, n]) => `${n} ${t}`).join(', ')
    problems.push({ code: 'not-simulated', message: `${total} shape${total === 1 ? ' is' : 's are'} not simulated (${detail}): only components and the arrows between them are` })
  }
  return { nodes, edges, problems }
}

/** Clients with an outgoing arrow: where the simulated traffic starts. */
export function sources(graph: GraphLike): BoardNode[] {
  const senders = new Set(graph.edges.map((e) => e.from))
  return graph.nodes.filter((n) => n.kind === 'client' && senders.has(n.id))
}

/** Ids of the components reachable from a sending client along arrows (the clients included). */
export function reachable(graph: GraphLike): Set<string> {
  const out = adjacency(graph.edges)
  const seen = new Set(sources(graph).map((n) => n.id))
  const stack = [...seen]
  while (stack.length) for (const to of out.get(stack.pop()!) ?? []) if (!seen.has(to)) (seen.add(to), stack.push(to))
  return seen
}

function adjacency(edges: readonly BoardEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to])
  return out
}

function reachability(nodes: readonly BoardNode[], edges: readonly BoardEdge[]): BoardProblem[] {
  const problems: BoardProblem[] = []
  if (nodes.length === 0) {
    problems.push({ code: 'no-client', message: 'There are no components on this page to simulate: add some from the palette and connect them with arrows' })
    return problems
  }
  if (!nodes.some((n) => n.kind === 'client')) problems.push({ code: 'no-client', message: 'There is no client on the board: add a Client and draw arrows from it, so traffic has somewhere to start' })
  else if (sources({ nodes, edges }).length === 0) problems.push({ code: 'no-client', message: 'No client sends traffic: draw an arrow from a client to the component it calls first' })
  const seen = reachable({ nodes, edges })
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]))
  for (const n of nodes) {
    if (!linked.has(n.id)) problems.push({ code: 'disconnected', shapeId: n.id, message: `${n.label} is not connected to anything: it gets no traffic` })
    else if (!seen.has(n.id)) problems.push({ code: 'unreachable', shapeId: n.id, message: `${n.label} cannot be reached from any client along the arrows: it gets no traffic` })
  }
  return problems
}

/** Loops (strongly connected components, Tarjan): simulated, but cut off by the hop limit. */
function cycles(nodes: readonly BoardNode[], edges: readonly BoardEdge[]): BoardProblem[] {
  const out = adjacency(edges)
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const scc: string[] = []
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w)
      scc.push(w)
      if (w === v) break
    }
    if (scc.length > 1 || (out.get(v) ?? []).includes(v)) found.push(scc)
  }
  for (const n of nodes) if (!index.has(n.id)) visit(n.id)
  const label = new Map(nodes.map((n) => [n.id, n.label]))
  const order = new Map(nodes.map((n, i) => [n.id, i]))
  return found.map((scc) => {
    const members = scc.sort((a, b) => order.get(a)! - order.get(b)!)
    return {
      code: 'cycle' as const,
      shapeId: members[0],
      message: `Arrows form a loop (${members.map((id) => label.get(id)).join(', ')}): requests going round it are cut off by the hop limit`,
    }
  })
}
