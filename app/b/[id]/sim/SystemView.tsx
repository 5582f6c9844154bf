'use client'
// The animated picture of a run: nodes as boxes (queue bar, utilisation gauge, role), failed
// nodes greyed and crossed, requests in flight as dots along the edges, partitions as dashed
// cuts. Clicking a node fails or heals it (editors only); on a ring of replicas, dragging a line
// across it partitions the network there. Okabe-Ito colours throughout.
import { useRef, useState, type PointerEvent } from 'react'
import { cutByLine, type Point } from '@/lib/sim/cut-line'
import type { NodeView, RunState } from '@/lib/sim/engine'
import styles from './SimulatorPanel.module.css'

export const OKABE_ITO = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const

const TIER: Record<NodeView['kind'], number> = {
  client: 0,
  dns: 1,
  cdn: 1,
  gateway: 1,
  balancer: 1,
  service: 2,
  server: 2,
  cache: 2,
  shard: 2,
  replica: 2,
  queue: 2,
  pubsub: 2,
  worker: 3,
  channel: 3,
  database: 3,
  storage: 3,
}

const FLIGHT_COLOR: Record<string, string> = {
  request: OKABE_ITO.blue,
  reply: OKABE_ITO.green,
  response: OKABE_ITO.green,
  append: OKABE_ITO.orange,
  vote: OKABE_ITO.purple,
}

export const VIEW_W = 300
const BOX_W = 70
const BOX_H = 38
const MAX_PER_COLUMN = 7

type Placed = { node: NodeView; x: number; y: number }

function layout(nodes: NodeView[]): { placed: Map<string, Placed>; height: number; ring: boolean; tiers: Placed[][] } {
  const placed = new Map<string, Placed>()
  const tiers = [...new Set(nodes.map((n) => TIER[n.kind] ?? 2))].sort((a, b) => a - b)
  // One small tier (CAP replicas): a ring, so any cut can be drawn.
  if (tiers.length === 1 && nodes.length <= 7 && nodes.length > 2) {
    const r = 95
    const cx = VIEW_W / 2
    const cy = r + BOX_H / 2 + 6
    nodes.forEach((node, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length
      placed.set(node.id, { node, x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) })
    })
    return { placed, height: 2 * cy, ring: true, tiers: [[...placed.values()]] }
  }
  // Columns by tier; a crowded tier wraps into sub-columns.
  const columns: NodeView[][] = []
  for (const tier of tiers) {
    const members = nodes.filter((n) => (TIER[n.kind] ?? 2) === tier)
    for (let i = 0; i < members.length; i += MAX_PER_COLUMN) columns.push(members.slice(i, i + MAX_PER_COLUMN))
  }
  const rows = Math.max(1, ...columns.map((c) => c.length))
  const height = Math.max(120, rows * (BOX_H + 10) + 12)
  const tierGroups: Placed[][] = []
  columns.forEach((column, ci) => {
    const x = columns.length === 1 ? VIEW_W / 2 : BOX_W / 2 + 4 + (ci * (VIEW_W - BOX_W - 8)) / (columns.length - 1)
    const group: Placed[] = []
    column.forEach((node, ri) => {
      const y = (height * (ri + 0.5)) / column.length
      const p = { node, x, y }
      placed.set(node.id, p)
      group.push(p)
    })
    tierGroups.push(group)
  })
  return { placed, height, ring: false, tiers: tierGroups }
}

export type SystemViewProps = {
  state: RunState
  /** Simulated time units one flight takes to cross an edge when it has no arrival time. */
  flightTime: number
  canClick: boolean
  onNodeClick(node: NodeView): void
  /** Set when the run can be partitioned: a stroke across the ring cuts off the ids given. */
  onCut?(ids: string[]): void
}

export function SystemView({ state, flightTime, canClick, onNodeClick, onCut }: SystemViewProps) {
  const { placed, height, ring, tiers } = layout(state.nodes)
  const svg = useRef<SVGSVGElement>(null)
  const [stroke, setStroke] = useState<{ a: Point; b: Point } | null>(null)
  const canCut = ring && canClick && onCut !== undefined

  const toView = (e: PointerEvent<SVGSVGElement>): Point | null => {
    const m = svg.current?.getScreenCTM()
    if (!m) return null
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse())
    return { x: p.x, y: p.y }
  }
  const cutHandlers = canCut
    ? {
        onPointerDown(e: PointerEvent<SVGSVGElement>) {
          // Strokes start on the background; a press on a node is a click on that node.
          if ((e.target as Element).closest('[data-node]')) return
          const p = toView(e)
          if (!p) return
          e.currentTarget.setPointerCapture(e.pointerId)
          setStroke({ a: p, b: p })
        },
        onPointerMove(e: PointerEvent<SVGSVGElement>) {
          const p = stroke && toView(e)
          if (p) setStroke({ a: stroke.a, b: p })
        },
        onPointerUp() {
          if (!stroke) return
          setStroke(null)
          const cut = cutByLine(
            [...placed.values()].map(({ node, x, y }) => ({ id: node.id, x, y })),
            stroke.a,
            stroke.b,
          )
          if (cut) onCut(cut)
        },
        onPointerCancel() {
          setStroke(null)
        },
      }
    : {}
  const maxQueue = Math.max(8, ...state.nodes.map((n) => n.queue))
  const sideOf = new Map<string, number>()
  state.partitions.forEach((group, i) => group.forEach((id) => sideOf.set(id, i)))

  const edges: { a: Placed; b: Placed; cut: boolean }[] = []
  if (ring) {
    const all = tiers[0]!
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i]!
        const b = all[j]!
        const cut = sideOf.size > 0 && sideOf.get(a.node.id) !== sideOf.get(b.node.id)
        edges.push({ a, b, cut })
      }
  } else {
    for (let i = 0; i + 1 < tiers.length; i++) {
      const left = tiers[i]!
      const right = tiers[i + 1]!
      if (left.length * right.length > 60) continue
      for (const a of left) for (const b of right) edges.push({ a, b, cut: false })
    }
  }

  const flights = state.inFlight.slice(-80).flatMap((f) => {
    const a = placed.get(f.from)
    const b = placed.get(f.to)
    if (!a || !b) return []
    const span = f.arriveAt !== undefined && f.arriveAt > f.sentAt ? f.arriveAt - f.sentAt : flightTime
    const p = Math.max(0, Math.min(1, (state.time - f.sentAt) / span))
    return [{ id: f.id, x: a.x + (b.x - a.x) * p, y: a.y + (b.y - a.y) * p, color: FLIGHT_COLOR[f.kind] ?? OKABE_ITO.blue }]
  })

  return (
    <svg
      ref={svg}
      className={`${styles.view} ${canCut ? styles.cuttable : ''}`}
      viewBox={`0 0 ${VIEW_W} ${height}`}
      width="100%"
      role="img"
      aria-label={canCut ? 'Simulated system: drag a line across the ring to partition the network' : 'Simulated system'}
      data-testid="sim-view"
      {...cutHandlers}
    >
      {edges.map(({ a, b, cut }) => (
        <line
          key={`${a.node.id}-${b.node.id}`}
          x1={a.x}
          y1={a.y}
          x2={b.x}
          y2={b.y}
          stroke={cut ? OKABE_ITO.vermillion : '#c9ced6'}
          strokeWidth={cut ? 1.5 : 1}
          strokeDasharray={cut ? '4 3' : undefined}
        />
      ))}
      {flights.map((f) => (
        <circle key={f.id} cx={f.x} cy={f.y} r={3} fill={f.color} />
      ))}
      {[...placed.values()].map(({ node, x, y }) => {
        const queueShare = Math.min(1, node.queue / (node.capacity && node.capacity > 0 ? node.capacity : maxQueue))
        const gauge = node.gauge === undefined ? null : Math.max(0, Math.min(1, node.gauge))
        const left = x - BOX_W / 2
        const top = y - BOX_H / 2
        return (
          <g
            key={node.id}
            data-node={node.id}
            data-testid={`sim-node-${node.id}`}
            data-state={node.up ? 'up' : 'failed'}
            data-queue={node.queue}
            className={canClick ? styles.clickable : undefined}
            role={canClick ? 'button' : undefined}
            tabIndex={canClick ? 0 : undefined}
            aria-label={`${node.label}: ${node.up ? 'up' : 'failed'}${canClick ? (node.up ? ', click to fail' : ', click to heal') : ''}`}
            onClick={canClick ? () => onNodeClick(node) : undefined}
            onKeyDown={
              canClick
                ? (e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault()
                      onNodeClick(node)
                    }
                  }
                : undefined
            }
          >
            <title>{`${node.label}${node.role ? ` (${node.role})` : ''}: queue ${node.queue}, busy ${node.busy}${gauge !== null ? `, gauge ${Math.round(gauge * 100)}%` : ''}`}</title>
            <rect x={left} y={top} width={BOX_W} height={BOX_H} rx={5} fill={node.up ? '#fff' : '#e4e6ea'} stroke={node.up ? OKABE_ITO.blue : '#8a929c'} strokeWidth={1.2} />
            {gauge !== null && <rect x={left} y={top} width={BOX_W * gauge} height={4} rx={2} fill={node.up ? OKABE_ITO.orange : '#a3a9b1'} />}
            <text x={x} y={top + 15} textAnchor="middle" fontSize={10} fill={node.up ? '#1d2330' : '#6b7280'}>
              {node.label.length > 13 ? `${node.label.slice(0, 12)}…` : node.label}
            </text>
            {node.role && (
              <text x={x} y={top + 25} textAnchor="middle" fontSize={8} fill="#5f6b7a">
                {node.role.split(' ')[0]}
              </text>
            )}
            <rect x={left + 4} y={top + BOX_H - 8} width={BOX_W - 8} height={4} fill="#eef0f3" />
            <rect x={left + 4} y={top + BOX_H - 8} width={(BOX_W - 8) * queueShare} height={4} fill={OKABE_ITO.sky} data-testid={`sim-queue-${node.id}`} />
            {!node.up && (
              <g stroke={OKABE_ITO.vermillion} strokeWidth={2}>
                <line x1={left + 4} y1={top + 4} x2={left + BOX_W - 4} y2={top + BOX_H - 4} />
                <line x1={left + BOX_W - 4} y1={top + 4} x2={left + 4} y2={top + BOX_H - 4} />
              </g>
            )}
          </g>
        )
      })}
      {stroke && (
        <line x1={stroke.a.x} y1={stroke.a.y} x2={stroke.b.x} y2={stroke.b.y} stroke={OKABE_ITO.vermillion} strokeWidth={2} strokeDasharray="6 4" data-testid="sim-cut-stroke" />
      )}
    </svg>
  )
}
