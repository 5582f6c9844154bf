// The `component` shape on the canvas: a rounded card with the kind's icon and caption, the
// component's name (edited in place, like a geo shape's label) and its capacity. Props, validators
// and migrations live in component-schema.ts, which the sync node shares.
import {
  DefaultFontFaces,
  HTMLContainer,
  PlainTextLabel,
  Rectangle2d,
  ShapeUtil,
  getColorValue,
  getFontFamily,
  resizeBox,
  useColorMode,
  useValue,
  type Geometry2d,
  type SvgExportContext,
  type TLFontFace,
  type TLResizeInfo,
  type TLTheme,
} from 'tldraw'
import { COMPONENT_ICON_STROKE_WIDTH, COMPONENT_ICON_VIEWBOX, componentIconPaths } from './component-icons'
import { CATEGORY_COLOR, COMPONENTS, COMPONENT_SIZE } from './component-kinds'
import {
  COMPONENT_SHAPE_TYPE,
  MAX_COMPONENT_TEXT,
  componentShapeMigrations,
  componentShapeProps,
  type ComponentShape,
} from './component-schema'

/** The card's layout, in shape units; shared by the canvas rendering and the SVG export. */
const LAYOUT = {
  radius: 10,
  padding: 10,
  icon: 22,
  captionSize: 11,
  labelSize: 16,
  capacitySize: 11,
  /** Top of the name's area: under the icon row. */
  labelTop: 36,
  /** Bottom strip kept for the capacity line. */
  labelBottom: 16,
} as const

/** "2,000 req/s"; empty when the capacity is not set. */
export function formatCapacity(capacity: number): string {
  return capacity > 0 ? `${capacity.toLocaleString('en-US')} req/s` : ''
}

type Colors = { stroke: string; fill: string; text: string; muted: string; font: string }

function componentColors(theme: TLTheme, colorMode: 'dark' | 'light', shape: ComponentShape): Colors {
  const colors = theme.colors[colorMode]
  return {
    stroke: getColorValue(colors, shape.props.color, 'solid'),
    fill: getColorValue(colors, shape.props.color, 'semi'),
    text: colors.text,
    muted: getColorValue(colors, 'grey', 'solid'),
    font: getFontFamily(theme, 'sans'),
  }
}

function clampText(shape: ComponentShape): ComponentShape {
  if (shape.props.text.length <= MAX_COMPONENT_TEXT) return shape
  return { ...shape, props: { ...shape.props, text: shape.props.text.slice(0, MAX_COMPONENT_TEXT) } }
}

function IconPaths({ shape, color }: { shape: ComponentShape; color: string }) {
  return (
    <>
      {componentIconPaths(shape.props.kind).map((d, i) => (
        <path
          key={i}
          d={d}
          fill="none"
          stroke={color}
          strokeWidth={COMPONENT_ICON_STROKE_WIDTH}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ))}
    </>
  )
}

export class ComponentShapeUtil extends ShapeUtil<ComponentShape> {
  static override type = COMPONENT_SHAPE_TYPE
  static override props = componentShapeProps
  static override migrations = componentShapeMigrations

  getDefaultProps(): ComponentShape['props'] {
    const info = COMPONENTS.server
    return {
      w: COMPONENT_SIZE.w,
      h: COMPONENT_SIZE.h,
      kind: info.kind,
      text: info.title,
      capacity: 0,
      color: CATEGORY_COLOR[info.category],
    }
  }

  // Filled, so a click inside selects it and arrows bind to its interior as to a geo rectangle.
  getGeometry(shape: ComponentShape): Geometry2d {
    return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true })
  }

  override canEdit(): boolean {
    return true
  }

  override canResize(): boolean {
    return true
  }

  override onResize(shape: ComponentShape, info: TLResizeInfo<ComponentShape>) {
    return resizeBox(shape, info, { minWidth: 80, minHeight: 56 })
  }

  // Typing past the limit would make the record invalid everywhere (the store and the sync
  // node both refuse it), so trim before validation runs.
  override onBeforeCreate(next: ComponentShape) {
    return clampText(next)
  }

  override onBeforeUpdate(_prev: ComponentShape, next: ComponentShape) {
    return clampText(next)
  }

  override getText(shape: ComponentShape): string {
    return shape.props.text
  }

  override getAriaDescriptor(shape: ComponentShape): string {
    const capacity = formatCapacity(shape.props.capacity)
    return `${COMPONENTS[shape.props.kind].title}: ${shape.props.text}${capacity ? `, ${capacity}` : ''}`
  }

  override getFontFaces(): TLFontFace[] {
    return [DefaultFontFaces.tldraw_sans.normal.normal, DefaultFontFaces.tldraw_sans.normal.bold]
  }

  component(shape: ComponentShape) {
    const { editor } = this
    const colorMode = useColorMode()
    const theme = useValue('designroom component theme', () => editor.getCurrentTheme(), [editor])
    const isOnlySelected = useValue('designroom component selected', () => editor.getOnlySelectedShapeId() === shape.id, [
      editor,
      shape.id,
    ])
    const c = componentColors(theme, colorMode, shape)
    const { w, h, kind, text, capacity } = shape.props
    const capacityText = formatCapacity(capacity)
    return (
      <HTMLContainer
        data-testid="component-shape"
        data-kind={kind}
        style={{
          width: w,
          height: h,
          boxSizing: 'border-box',
          borderRadius: LAYOUT.radius,
          border: `2px solid ${c.stroke}`,
          background: c.fill,
          color: c.text,
          fontFamily: c.font,
          overflow: 'hidden',
        }}
      >
        <div
          style={{
            position: 'absolute',
            top: LAYOUT.padding - 2,
            left: LAYOUT.padding - 2,
            right: LAYOUT.padding - 2,
            display: 'flex',
            alignItems: 'center',
            gap: 6,
            pointerEvents: 'none',
          }}
        >
          <svg
            width={LAYOUT.icon}
            height={LAYOUT.icon}
            viewBox={`0 0 ${COMPONENT_ICON_VIEWBOX} ${COMPONENT_ICON_VIEWBOX}`}
            aria-hidden="true"
            style={{ flex: `0 0 ${LAYOUT.icon}px` }}
          >
            <IconPaths shape={shape} color={c.stroke} />
          </svg>
          <span
            style={{
              fontSize: LAYOUT.captionSize,
              fontWeight: 700,
              letterSpacing: '0.04em',
              textTransform: 'uppercase',
              color: c.stroke,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {COMPONENTS[kind].title}
          </span>
        </div>
        <PlainTextLabel
          shapeId={shape.id}
          type={shape.type}
          text={text}
          labelColor={c.text}
          fontFamily={c.font}
          fontSize={LAYOUT.labelSize}
          lineHeight={theme.lineHeight}
          textAlign="center"
          verticalAlign="middle"
          wrap
          isSelected={isOnlySelected}
          padding={4}
          showTextOutline={false}
          style={{
            inset: 'auto',
            top: LAYOUT.labelTop - 2,
            left: 0,
            width: '100%',
            height: Math.max(20, h - LAYOUT.labelTop - LAYOUT.labelBottom),
          }}
        />
        {capacityText && (
          <div
            data-testid="component-capacity"
            style={{
              position: 'absolute',
              right: LAYOUT.padding - 2,
              bottom: 3,
              fontSize: LAYOUT.capacitySize,
              color: c.muted,
              pointerEvents: 'none',
              whiteSpace: 'nowrap',
            }}
          >
            {capacityText}
          </div>
        )}
      </HTMLContainer>
    )
  }

  getIndicatorPath(shape: ComponentShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, LAYOUT.radius)
    return path
  }

  override indicator(shape: ComponentShape) {
    return <rect width={shape.props.w} height={shape.props.h} rx={LAYOUT.radius} ry={LAYOUT.radius} />
  }

  override toSvg(shape: ComponentShape, ctx: SvgExportContext) {
    const theme = this.editor.getCurrentTheme()
    const c = componentColors(theme, ctx.colorMode, shape)
    const { w, h, kind, text, capacity } = shape.props
    const iconScale = LAYOUT.icon / COMPONENT_ICON_VIEWBOX
    const labelHeight = Math.max(20, h - LAYOUT.labelTop - LAYOUT.labelBottom)
    const spans = text
      ? this.editor.textMeasure.measureTextSpans(text, {
          overflow: 'wrap',
          width: w,
          height: labelHeight,
          padding: 4,
          fontSize: LAYOUT.labelSize,
          fontWeight: 'normal',
          fontFamily: c.font,
          fontStyle: 'normal',
          lineHeight: theme.lineHeight,
          textAlign: 'middle',
        })
      : []
    const spansHeight = spans.reduce((max, s) => Math.max(max, s.box.y + s.box.h), 0)
    const labelOffsetY = LAYOUT.labelTop - 2 + Math.max(0, (labelHeight - spansHeight) / 2)
    const capacityText = formatCapacity(capacity)
    return (
      <g>
        <rect x={1} y={1} width={w - 2} height={h - 2} rx={LAYOUT.radius} ry={LAYOUT.radius} fill={c.fill} stroke={c.stroke} strokeWidth={2} />
        <g transform={`translate(${LAYOUT.padding - 2}, ${LAYOUT.padding - 2}) scale(${iconScale})`}>
          <IconPaths shape={shape} color={c.stroke} />
        </g>
        <text
          x={LAYOUT.padding - 2 + LAYOUT.icon + 6}
          y={LAYOUT.padding - 2 + LAYOUT.icon / 2}
          dominantBaseline="middle"
          fontSize={LAYOUT.captionSize}
          fontWeight={700}
          fontFamily={c.font}
          letterSpacing="0.04em"
          fill={c.stroke}
        >
          {COMPONENTS[kind].title.toUpperCase()}
        </text>
        {spans.length > 0 && (
          <text fontSize={LAYOUT.labelSize} fontFamily={c.font} fill={c.text} dominantBaseline="mathematical">
            {spans.map((span, i) => (
              <tspan key={i} x={span.box.x} y={labelOffsetY + span.box.y + LAYOUT.labelSize / 2} dominantBaseline="mathematical">
                {span.text.replace(/\s/g, '\u00a0')}
              </tspan>
            ))}
          </text>
        )}
        {capacityText && (
          <text x={w - LAYOUT.padding + 2} y={h - 7} textAnchor="end" fontSize={LAYOUT.capacitySize} fontFamily={c.font} fill={c.muted}>
            {capacityText}
          </text>
        )}
      </g>
    )
  }
}
