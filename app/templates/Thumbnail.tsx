// Renders a board thumbnail scene (lib/board/thumbnail.ts) as inline SVG. A server component:
// no script, and React escapes every label, so text from a user's published board stays text.
import type { Scene, SceneItem } from '@/lib/board/thumbnail'
import { COMPONENT_ICON_STROKE_WIDTH, COMPONENT_ICON_VIEWBOX, componentIconPaths } from '@/lib/shapes/component-icons'

const ICON = 30

function Item({ item, i }: { item: SceneItem; i: number }) {
  switch (item.type) {
    case 'box':
      return <rect x={item.x} y={item.y} width={item.w} height={item.h} rx={item.radius} fill={item.fill} stroke={item.stroke} strokeWidth={3} strokeDasharray={item.dashed ? '12 8' : undefined} />
    case 'ellipse':
      return <ellipse cx={item.x + item.w / 2} cy={item.y + item.h / 2} rx={item.w / 2} ry={item.h / 2} fill={item.fill} stroke={item.stroke} strokeWidth={3} />
    case 'component':
      return (
        <g>
          <rect x={item.x} y={item.y} width={item.w} height={item.h} rx={12} fill="#ffffff" stroke={item.color} strokeWidth={3} />
          <g transform={`translate(${item.x + item.w / 2 - ICON / 2} ${item.y + 12}) scale(${ICON / COMPONENT_ICON_VIEWBOX})`} fill="none" stroke={item.color} strokeWidth={COMPONENT_ICON_STROKE_WIDTH} strokeLinecap="round" strokeLinejoin="round">
            {componentIconPaths(item.kind).map((d) => (
              <path key={d} d={d} />
            ))}
          </g>
          <text x={item.x + item.w / 2} y={item.y + item.h - 18} textAnchor="middle" fontSize={19} fontWeight={600} fill="#1d1d1d">
            {item.label.length > 16 ? `${item.label.slice(0, 15)}…` : item.label}
          </text>
        </g>
      )
    case 'line':
      return <line x1={item.from.x} y1={item.from.y} x2={item.to.x} y2={item.to.y} stroke={item.stroke} strokeWidth={3} strokeDasharray={item.dashed ? '10 8' : undefined} markerEnd={item.head ? `url(#head)` : undefined} data-i={i} />
    case 'text':
      return (
        <text x={item.x} y={item.y} fontSize={item.size} fill={item.color}>
          {item.lines.map((line, n) => (
            <tspan key={n} x={item.x} dy={n === 0 ? item.size : item.size * 1.3}>
              {line}
            </tspan>
          ))}
        </text>
      )
  }
}

export function Thumbnail({ scene, title }: { scene: Scene; title: string }) {
  const { x, y, w, h } = scene.viewBox
  return (
    <svg viewBox={`${x} ${y} ${w} ${h}`} role="img" aria-label={`Preview of ${title}`} preserveAspectRatio="xMidYMid meet" style={{ width: '100%', height: '100%', fontFamily: 'var(--font-sans, sans-serif)' }}>
      <defs>
        <marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0 0 L10 5 L0 10 z" fill="#1d1d1d" />
        </marker>
      </defs>
      {scene.items.map((item, i) => (
        <Item key={i} item={item} i={i} />
      ))}
    </svg>
  )
}
