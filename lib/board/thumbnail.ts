// A board's thumbnail as a small vector scene, computed from its records: what the template
// gallery shows for every template, built-in or published by a user, so a thumbnail is always the
// board itself and never a hand-drawn image. Pure: the React adapter (app/templates/Thumbnail.tsx)
// renders the scene as SVG, and React's escaping keeps user text inert.
import type { TLRecord } from '@tldraw/tlschema'
import { isComponentKind, type ComponentKind } from '@/lib/shapes/component-kinds'

export type Point = { x: number; y: number }

export type SceneItem =
  | { type: 'box'; x: number; y: number; w: number; h: number; stroke: string; fill: string; dashed: boolean; radius: number }
  | { type: 'ellipse'; x: number; y: number; w: number; h: number; stroke: string; fill: string }
  | { type: 'component'; x: number; y: number; w: number; h: number; kind: ComponentKind; label: string; color: string }
  | { type: 'line'; from: Point; to: Point; stroke: string; dashed: boolean; head: boolean }
  | { type: 'text'; x: number; y: number; w: number; lines: string[]; size: number; color: string }

export type Scene = { viewBox: { x: number; y: number; w: number; h: number }; items: SceneItem[] }

/** tldraw's light-theme colours, close enough for a thumbnail. */
const COLORS: Record<string, string> = {
  black: '#1d1d1d',
  grey: '#9fa8b2',
  'light-violet': '#e085f4',
  violet: '#ae3ec9',
  blue: '#4465e9',
  'light-blue': '#4ba1f1',
  yellow: '#f1ac4b',
  orange: '#e16919',
  green: '#099268',
  'light-green': '#4cb05e',
  'light-red': '#f87777',
  red: '#e03131',
  white: '#ffffff',
}
const NOTE_FILL: Record<string, string> = {
  yellow: '#fef3c7',
  'light-blue': '#dbeafe',
  'light-green': '#dcfce7',
  'light-red': '#fee2e2',
  'light-violet': '#f3e8ff',
}
const color = (name: unknown): string => (typeof name === 'string' && COLORS[name]) || COLORS.black!

const TEXT_SIZE: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }

type Shape = { id: string; type: string; x: number; y: number; index: string; props: Record<string, unknown> }
type Binding = { fromId: string; toId: string; props: { terminal?: unknown } }

function isShape(record: TLRecord): boolean {
  return record.typeName === 'shape'
}

/** The plain text of a tldraw rich-text value (TipTap JSON): one string per paragraph. */
export function richTextLines(value: unknown): string[] {
  const lines: string[] = []
  const walk = (node: unknown, line: string[]): void => {
    if (typeof node !== 'object' || node === null) return
    const n = node as { type?: unknown; text?: unknown; content?: unknown }
    if (n.type === 'text' && typeof n.text === 'string') line.push(n.text)
    if (Array.isArray(n.content)) {
      if (n.type === 'paragraph' || n.type === 'heading') {
        const own: string[] = []
        for (const child of n.content) walk(child, own)
        lines.push(own.join(''))
      } else {
        for (const child of n.content) walk(child, line)
      }
    }
  }
  walk(value, [])
  return lines
}

/** Greedy word wrap by an average glyph width; thumbnails need legible, not exact, text. */
export function wrap(lines: string[], width: number, size: number, maxLines: number): string[] {
  const perLine = Math.max(4, Math.floor(width / (size * 0.55)))
  const out: string[] = []
  for (const line of lines) {
    let current = ''
    for (const word of line.split(/\s+/).filter(Boolean)) {
      if (current && (current + ' ' + word).length > perLine) {
        out.push(current)
        current = word
      } else current = current ? `${current} ${word}` : word
    }
    out.push(current)
  }
  if (out.length <= maxLines) return out
  return [...out.slice(0, maxLines - 1), `${out[maxLines - 1]} …`]
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

function bounds(shape: Shape): { x: number; y: number; w: number; h: number } {
  const p = shape.props
  const scale = num(p.scale, 1)
  switch (shape.type) {
    case 'note':
      return { x: shape.x, y: shape.y, w: 200 * scale, h: (200 + num(p.growY, 0)) * scale }
    case 'text': {
      const size = TEXT_SIZE[String(p.size)] ?? 24
      const lines = wrap(richTextLines(p.richText), num(p.w, 400), size, 12)
      return { x: shape.x, y: shape.y, w: num(p.w, 400) * scale, h: lines.length * size * 1.35 * scale }
    }
    default:
      return { x: shape.x, y: shape.y, w: num(p.w, 100) * scale, h: (num(p.h, 100) + num(p.growY, 0)) * scale }
  }
}

function exitPoint(box: { x: number; y: number; w: number; h: number }, to: Point): Point {
  const c = { x: box.x + box.w / 2, y: box.y + box.h / 2 }
  const dx = to.x - c.x
  const dy = to.y - c.y
  if (dx === 0 && dy === 0) return c
  const k = Math.min(dx ? box.w / 2 / Math.abs(dx) : Infinity, dy ? box.h / 2 / Math.abs(dy) : Infinity)
  return { x: c.x + dx * k, y: c.y + dy * k }
}

/** A thumbnail is a glance: past this many shapes (bottom-most first) the rest are left out. */
export const MAX_THUMBNAIL_SHAPES = 400

/**
 * The scene of a board's records. Page-level shapes only (shapes inside frames or groups are
 * skipped), freehand strokes are skipped, and at most MAX_THUMBNAIL_SHAPES are drawn.
 */
export function thumbnailScene(records: readonly TLRecord[], padding = 40): Scene {
  const shapes = records
    .filter(isShape)
    .map((r) => r as unknown as Shape & { parentId: string })
    .filter((s) => typeof s.parentId === 'string' && s.parentId.startsWith('page:'))
    .sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
    .slice(0, MAX_THUMBNAIL_SHAPES)
  const byId = new Map(shapes.map((s) => [s.id, s]))
  const bindings = records.filter((r) => r.typeName === 'binding').map((r) => r as unknown as Binding)

  const items: SceneItem[] = []
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const grow = (b: { x: number; y: number; w: number; h: number }) => {
    minX = Math.min(minX, b.x)
    minY = Math.min(minY, b.y)
    maxX = Math.max(maxX, b.x + b.w)
    maxY = Math.max(maxY, b.y + b.h)
  }

  for (const shape of shapes) {
    const p = shape.props
    if (shape.type === 'arrow') {
      const start = { x: shape.x + num((p.start as Point | undefined)?.x, 0), y: shape.y + num((p.start as Point | undefined)?.y, 0) }
      const end = { x: shape.x + num((p.end as Point | undefined)?.x, 0), y: shape.y + num((p.end as Point | undefined)?.y, 0) }
      const bound = (terminal: string) => {
        const b = bindings.find((x) => x.fromId === shape.id && x.props.terminal === terminal)
        const target = b && byId.get(b.toId)
        return target ? bounds(target) : undefined
      }
      const from = bound('start')
      const to = bound('end')
      const a = from ? exitPoint(from, to ? { x: to.x + to.w / 2, y: to.y + to.h / 2 } : end) : start
      const z = to ? exitPoint(to, from ? { x: from.x + from.w / 2, y: from.y + from.h / 2 } : start) : end
      items.push({ type: 'line', from: a, to: z, stroke: color(p.color), dashed: p.dash === 'dashed' || p.dash === 'dotted', head: p.arrowheadEnd !== 'none' })
      grow({ x: Math.min(a.x, z.x), y: Math.min(a.y, z.y), w: Math.abs(a.x - z.x), h: Math.abs(a.y - z.y) })
      continue
    }
    const box = bounds(shape)
    grow(box)
    if (shape.type === 'component' && isComponentKind(p.kind)) {
      items.push({ type: 'component', ...box, kind: p.kind, label: typeof p.text === 'string' ? p.text : '', color: color(p.color) })
    } else if (shape.type === 'note') {
      const fill = NOTE_FILL[String(p.color)] ?? NOTE_FILL.yellow!
      items.push({ type: 'box', ...box, stroke: fill, fill, dashed: false, radius: 4 })
      items.push({ type: 'text', x: box.x + 14, y: box.y + 14, w: box.w - 28, lines: wrap(richTextLines(p.richText), box.w - 28, 18, 8), size: 18, color: COLORS.black! })
    } else if (shape.type === 'text') {
      const size = TEXT_SIZE[String(p.size)] ?? 24
      items.push({ type: 'text', x: box.x, y: box.y, w: box.w, lines: wrap(richTextLines(p.richText), box.w, size, 12), size, color: color(p.color) })
    } else if (shape.type === 'geo') {
      const fill = p.fill === 'none' || p.fill === undefined ? 'none' : '#f1f3f5'
      if (p.geo === 'ellipse' || p.geo === 'oval') items.push({ type: 'ellipse', ...box, stroke: color(p.color), fill })
      else items.push({ type: 'box', ...box, stroke: color(p.color), fill, dashed: p.dash === 'dashed' || p.dash === 'dotted', radius: 6 })
      const label = richTextLines(p.richText)
      if (label.some(Boolean)) items.push({ type: 'text', x: box.x + 10, y: box.y + 8, w: box.w - 20, lines: wrap(label, box.w - 20, 18, 3), size: 18, color: color(p.labelColor ?? p.color) })
    } else if (shape.type !== 'draw' && shape.type !== 'highlight' && shape.type !== 'line') {
      // Anything else (images, embeds, frames): its outline, so the layout still reads. Freehand
      // strokes (draw, highlight, line) are left out: their points would cost more than they say.
      items.push({ type: 'box', ...box, stroke: COLORS.grey!, fill: 'none', dashed: true, radius: 4 })
    }
  }

  if (!Number.isFinite(minX)) return { viewBox: { x: 0, y: 0, w: 400, h: 250 }, items: [] }
  return { viewBox: { x: minX - padding, y: minY - padding, w: maxX - minX + 2 * padding, h: maxY - minY + 2 * padding }, items }
}
