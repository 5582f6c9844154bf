// Monochrome icons for the system-design components: SVG path data on a 24x24 viewBox, drawn
// stroke-only (stroke="currentColor", fill="none", strokeWidth ~1.75, round caps and joins).
// Pure data, no React, so the canvas shape, the palette, SVG export and the thumbnail renderer
// all draw the same glyphs.
import type { ComponentKind } from './component-kinds'

export const COMPONENT_ICON_VIEWBOX = 24
export const COMPONENT_ICON_STROKE_WIDTH = 1.75

/** A circle as a path, so every icon is a list of `d` strings and nothing else. */
function circle(cx: number, cy: number, r: number): string {
  return `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`
}

/** An upright cylinder: the top ellipse, both sides and the front half of the bottom rim. */
function cylinder(x: number, y: number, w: number, h: number): string[] {
  const rx = w / 2
  const ry = Math.max(1.5, w / 6)
  return [
    `M${x} ${y + ry}a${rx} ${ry} 0 1 0 ${w} 0a${rx} ${ry} 0 1 0 ${-w} 0Z`,
    `M${x} ${y + ry}V${y + h - ry}a${rx} ${ry} 0 0 0 ${w} 0V${y + ry}`,
  ]
}

/** A slice of a cylinder below another: the front of its top rim, its sides and bottom rim. */
function cylinderSlice(x: number, y: number, w: number, h: number): string[] {
  const rx = w / 2
  const ry = Math.max(1.5, w / 6)
  return [`M${x} ${y}a${rx} ${ry} 0 0 0 ${w} 0`, `M${x} ${y}v${h}a${rx} ${ry} 0 0 0 ${w} 0v${-h}`]
}

/** The front half of a cylinder's cross-section at height `y` (a "slice" line). */
function cylinderBand(x: number, y: number, w: number): string {
  const rx = w / 2
  const ry = Math.max(1.5, w / 6)
  return `M${x} ${y}a${rx} ${ry} 0 0 0 ${w} 0`
}

const ICONS: Readonly<Record<ComponentKind, readonly string[]>> = {
  // A monitor on a stand.
  client: ['M3 4.5h18v11.5H3Z', 'M9 20h6', 'M12 16v4'],
  // A globe with a meridian and an equator.
  dns: [circle(12, 12, 9), 'M3 12h18', 'M12 3c2.6 2.5 3.9 5.5 3.9 9s-1.3 6.5-3.9 9', 'M12 3c-2.6 2.5-3.9 5.5-3.9 9s1.3 6.5 3.9 9'],
  // A globe ringed by edge nodes.
  cdn: [
    circle(12, 12, 5.5),
    'M6.5 12h11',
    'M12 6.5c1.6 1.5 2.3 3.4 2.3 5.5s-.7 4-2.3 5.5',
    'M12 6.5c-1.6 1.5-2.3 3.4-2.3 5.5s.7 4 2.3 5.5',
    circle(4, 4, 1.6),
    circle(20, 4, 1.6),
    circle(4, 20, 1.6),
    circle(20, 20, 1.6),
    'M5.2 5.2l3 3M18.8 5.2l-3 3M5.2 18.8l3-3M18.8 18.8l-3-3',
  ],
  // One input splitting into three outputs.
  'load-balancer': [
    circle(4.5, 12, 2),
    'M6.5 12H19',
    'M10 12l4.5-6H19',
    'M10 12l4.5 6H19',
    'M17 4l2 2-2 2',
    'M17 10l2 2-2 2',
    'M17 16l2 2-2 2',
  ],
  // A shield with a gate opening.
  'api-gateway': ['M12 2.5l8 3v6c0 4.8-3.3 8.6-8 10-4.7-1.4-8-5.2-8-10v-6Z', 'M8.5 15V10.5a3.5 3.5 0 0 1 7 0V15', 'M12 10v5'],
  // Two rack units with status lights.
  server: ['M3.5 4h17v7h-17Z', 'M3.5 13h17v7h-17Z', 'M7 7.5h.01', 'M7 16.5h.01', 'M11 7.5h6', 'M11 16.5h6'],
  // A plug with bidirectional arrows.
  'websocket-server': [
    'M8 3v4',
    'M12 3v4',
    'M6 7h8v3a4 4 0 0 1-8 0Z',
    'M10 14v3.5a3 3 0 0 0 3 3h2',
    'M16 9h5',
    'M19 7l2 2-2 2',
    'M21 14h-5',
    'M18 12l-2 2 2 2',
  ],
  // A lightning bolt over a short cylinder.
  cache: [...cylinder(4, 12, 16, 9.5), 'M13.5 2L9 8h4.5L11 12.5'],
  // A cylinder with one band.
  database: [...cylinder(5, 3, 14, 18), cylinderBand(5, 10, 14)],
  // Two cylinders, the copy behind and to the right.
  'db-replica': [...cylinder(3, 8, 12, 13.5), 'M9 4.5a6 2 0 1 0 12 0a6 2 0 1 0-12 0Z', 'M9 4.5V8', 'M21 4.5V15a6 2 0 0 1-5.5 2'],
  // A cylinder sliced into three pieces with gaps.
  'db-shard': [...cylinder(5, 2, 14, 7), ...cylinderSlice(5, 10.5, 14, 3), ...cylinderSlice(5, 16.5, 14, 3)],
  // Stacked messages in a log, with the read direction.
  queue: ['M3 5h13v3.5H3Z', 'M3 10.25h13v3.5H3Z', 'M3 15.5h13v3.5H3Z', 'M19.5 5v14', 'M17.5 17l2 2 2-2'],
  // A broadcasting source.
  pubsub: [circle(12, 12, 2), 'M8.5 8.5a5 5 0 0 0 0 7', 'M15.5 8.5a5 5 0 0 1 0 7', 'M5.6 5.6a9 9 0 0 0 0 12.8', 'M18.4 5.6a9 9 0 0 1 0 12.8'],
  // A gear.
  worker: [
    circle(12, 12, 3),
    'M12 2.5v2.6M12 18.9v2.6M2.5 12h2.6M18.9 12h2.6M5.3 5.3l1.8 1.8M16.9 16.9l1.8 1.8M5.3 18.7l1.8-1.8M16.9 7.1l1.8-1.8',
    circle(12, 12, 6.9),
  ],
  // A bucket.
  'object-storage': ['M3.5 6a8.5 2.5 0 1 0 17 0a8.5 2.5 0 1 0-17 0Z', 'M3.5 6l2 13c.3 1.4 3 2.5 6.5 2.5s6.2-1.1 6.5-2.5l2-13', 'M6 13c1.5.8 3.6 1.2 6 1.2s4.5-.4 6-1.2'],
  // A magnifier over index lines.
  'search-index': [circle(10, 10, 6), 'M14.5 14.5L21 21', 'M7.5 8.5h5', 'M7.5 11.5h3.5'],
  // A bell.
  'notification-provider': ['M6 16V11a6 6 0 0 1 12 0v5l2 2.5H4Z', 'M10 21a2 2 0 0 0 4 0', 'M12 3v2'],
}

/** The `d` strings of a kind's icon, in drawing order. */
export function componentIconPaths(kind: ComponentKind): string[] {
  return [...ICONS[kind]]
}
