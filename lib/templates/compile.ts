// Compiles a TemplateSpec into the tldraw records of a board: the finished reference diagram, or
// the "blank start" an interview begins from (the prompt and a tray of the parts the reference
// uses, unconnected). Pure and deterministic: the same template always yields the same records,
// so tests can compare them and a board created from a template is reproducible.
import {
  createBindingId,
  createShapeId,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  toRichText,
  type TLShape,
  type TLPageId,
  type TLRecord,
  type TLShapeId,
} from '@tldraw/tlschema'
import { CATEGORY_COLOR, COMPONENTS, COMPONENT_SIZE, type ComponentKind } from '@/lib/shapes/component-kinds'
import { COMPONENT_SHAPE_TYPE } from '@/lib/shapes/component-schema'
import type { DiagramArrow, DiagramComponent, TemplateSpec } from './spec'

export type TemplateVariant = 'reference' | 'blank'

export const PAGE_ID = PageRecordType.createId('page') as TLPageId
/** Notes are tldraw's default 200 x 200 sticky notes at scale 1. */
export const NOTE_SIZE = 200
/** The title and problem statement sit above the diagram; the diagram starts this far down. */
export const DIAGRAM_TOP = 220
const PROMPT_WIDTH = 640

type Box = { x: number; y: number; w: number; h: number }
/** tldraw's fractional index key type (declared in @tldraw/utils, which we do not import). */
type IndexKey = TLShape['index']

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * The i-th fractional index key ('a0', 'a1', ... 'az', 'b10', ...): valid tldraw `IndexKey`s in
 * increasing order, so shapes stack in creation order (zones under components under arrows).
 */
export function indexKey(i: number): IndexKey {
  if (i < 61) return `a${BASE62[i + 1]}` as IndexKey
  const j = i - 61
  if (j >= 62 * 62) throw new Error('too many shapes for a template')
  return `b${BASE62[Math.floor(j / 62)]}${BASE62[j % 62]}` as IndexKey
}

class RecordSink {
  readonly records: TLRecord[] = []
  #shapes = 0

  constructor(private readonly slug: string) {}

  shapeId(local: string): TLShapeId {
    return createShapeId(`${this.slug}-${local}`)
  }

  shape(local: string, type: string, x: number, y: number, props: Record<string, unknown>): TLShapeId {
    const id = this.shapeId(local)
    this.records.push({
      id,
      typeName: 'shape',
      type,
      x,
      y,
      rotation: 0,
      index: indexKey(this.#shapes++),
      parentId: PAGE_ID,
      isLocked: false,
      opacity: 1,
      props,
      meta: {},
    } as unknown as TLRecord)
    return id
  }

  binding(local: string, arrowId: TLShapeId, toId: TLShapeId, terminal: 'start' | 'end'): void {
    this.records.push({
      id: createBindingId(`${this.slug}-${local}`),
      typeName: 'binding',
      type: 'arrow',
      fromId: arrowId,
      toId,
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
      meta: {},
    } as unknown as TLRecord)
  }
}

function textProps(text: string, size: 's' | 'm' | 'l' | 'xl', w: number) {
  return { color: 'black', size, font: 'sans', textAlign: 'start', w, richText: toRichText(text), scale: 1, autoSize: false }
}

function componentProps(component: Pick<DiagramComponent, 'kind' | 'label' | 'capacity'>) {
  return {
    w: COMPONENT_SIZE.w,
    h: COMPONENT_SIZE.h,
    kind: component.kind,
    text: component.label,
    capacity: component.capacity ?? 0,
    color: CATEGORY_COLOR[COMPONENTS[component.kind].category],
  }
}

/** Where the segment from a box's centre towards `to` leaves the box. */
function exitPoint(box: Box, to: { x: number; y: number }): { x: number; y: number } {
  const cx = box.x + box.w / 2
  const cy = box.y + box.h / 2
  const dx = to.x - cx
  const dy = to.y - cy
  if (dx === 0 && dy === 0) return { x: cx, y: cy }
  const scale = Math.min(Math.abs(dx) > 0 ? box.w / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 0 ? box.h / 2 / Math.abs(dy) : Infinity)
  return { x: cx + dx * scale, y: cy + dy * scale }
}

function centre(box: Box): { x: number; y: number } {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 }
}

/** The arrow's endpoints between two boxes (tldraw recomputes them from the bindings on load). */
export function arrowEndpoints(from: Box, to: Box): { start: { x: number; y: number }; end: { x: number; y: number } } {
  return { start: exitPoint(from, centre(to)), end: exitPoint(to, centre(from)) }
}

function addArrow(sink: RecordSink, i: number, arrow: DiagramArrow, boxes: ReadonlyMap<string, Box>, top: number): void {
  const from = boxes.get(arrow.from)
  const to = boxes.get(arrow.to)
  if (!from || !to) throw new Error(`arrow ${arrow.from} -> ${arrow.to} names a missing component`)
  const shifted = (box: Box): Box => ({ ...box, y: box.y + top })
  const { start, end } = arrowEndpoints(shifted(from), shifted(to))
  const id = sink.shape(`arrow-${i}`, 'arrow', start.x, start.y, {
    kind: 'arc',
    labelColor: 'black',
    color: 'black',
    fill: 'none',
    dash: arrow.dashed ? 'dashed' : 'solid',
    size: 's',
    arrowheadStart: 'none',
    arrowheadEnd: 'arrow',
    font: 'sans',
    start: { x: 0, y: 0 },
    end: { x: end.x - start.x, y: end.y - start.y },
    bend: 0,
    richText: toRichText(arrow.label ?? ''),
    labelPosition: 0.5,
    scale: 1,
    elbowMidPoint: 0.5,
  })
  sink.binding(`arrow-${i}-start`, id, sink.shapeId(`c-${arrow.from}`), 'start')
  sink.binding(`arrow-${i}-end`, id, sink.shapeId(`c-${arrow.to}`), 'end')
}

function noteProps(text: string, color: string) {
  return {
    color,
    labelColor: 'black',
    size: 's',
    font: 'sans',
    fontSizeAdjustment: 1,
    align: 'middle',
    verticalAlign: 'middle',
    growY: 0,
    url: '',
    richText: toRichText(text),
    scale: 1,
    textLastEditedBy: null,
  }
}

/** The full problem prompt as text: statement, requirements and scale, one item per line. */
export function promptText(spec: TemplateSpec): string {
  const list = (title: string, items: string[]) => [title, ...items.map((item) => `• ${item}`)].join('\n')
  return [
    spec.prompt.statement,
    list('Functional requirements', spec.prompt.functional),
    list('Non-functional requirements', spec.prompt.nonFunctional),
    list('Scale', spec.prompt.scale),
  ].join('\n\n')
}

function baseRecords(): TLRecord[] {
  return [DocumentRecordType.create({ id: TLDOCUMENT_ID }), PageRecordType.create({ id: PAGE_ID, name: 'Page 1', index: 'a1' as IndexKey })]
}

function compileReference(spec: TemplateSpec, sink: RecordSink): void {
  sink.shape('title', 'text', 0, 0, textProps(spec.title, 'xl', 1200))
  sink.shape('statement', 'text', 0, 80, textProps(spec.prompt.statement, 's', 1000))
  compileDiagramInto(spec, sink)
}

function compileDiagramInto(spec: TemplateSpec, sink: RecordSink): void {
  const { diagram } = spec
  for (const [i, zone] of (diagram.zones ?? []).entries()) {
    sink.shape(`zone-${i}`, 'geo', zone.x, zone.y + DIAGRAM_TOP, {
      geo: 'rectangle',
      dash: 'dashed',
      url: '',
      w: zone.w,
      h: zone.h,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'grey',
      color: 'grey',
      fill: 'none',
      size: 's',
      font: 'sans',
      align: 'start',
      verticalAlign: 'start',
      richText: toRichText(zone.label),
    })
  }
  const boxes = new Map<string, Box>()
  for (const component of diagram.components) {
    sink.shape(`c-${component.id}`, COMPONENT_SHAPE_TYPE, component.x, component.y + DIAGRAM_TOP, componentProps(component))
    boxes.set(component.id, { x: component.x, y: component.y, ...COMPONENT_SIZE })
  }
  diagram.arrows.forEach((arrow, i) => addArrow(sink, i, arrow, boxes, DIAGRAM_TOP))
  for (const [i, note] of diagram.notes.entries()) {
    sink.shape(`note-${i}`, 'note', note.x, note.y + DIAGRAM_TOP, noteProps(note.text, note.color ?? 'yellow'))
  }
}

/** The kinds the reference uses, in order of first appearance: the blank start's parts tray. */
export function partsOf(spec: TemplateSpec): ComponentKind[] {
  return [...new Set(spec.diagram.components.map((c) => c.kind))]
}

const TRAY_COLUMNS = 3
const TRAY_X = PROMPT_WIDTH + 120
const TRAY_GAP = 40

function compileBlank(spec: TemplateSpec, sink: RecordSink): void {
  sink.shape('title', 'text', 0, 0, textProps(spec.title, 'xl', 1200))
  sink.shape('prompt', 'text', 0, 80, textProps(promptText(spec), 's', PROMPT_WIDTH))
  sink.shape('tray-title', 'text', TRAY_X, 80, textProps('Parts: drag them into place and connect them', 's', 600))
  partsOf(spec).forEach((kind, i) => {
    const x = TRAY_X + (i % TRAY_COLUMNS) * (COMPONENT_SIZE.w + TRAY_GAP)
    const y = 140 + Math.floor(i / TRAY_COLUMNS) * (COMPONENT_SIZE.h + TRAY_GAP)
    sink.shape(`part-${kind}`, COMPONENT_SHAPE_TYPE, x, y, componentProps({ kind, label: COMPONENTS[kind].title }))
  })
}

/** The reference diagram's shapes alone, without the title and prompt: the gallery thumbnail. */
export function compileDiagram(spec: TemplateSpec): TLRecord[] {
  const sink = new RecordSink(spec.slug)
  compileDiagramInto(spec, sink)
  return sink.records
}

/** Every record of a board created from `spec`, ready for the document's records array. */
export function compileTemplate(spec: TemplateSpec, variant: TemplateVariant): TLRecord[] {
  const sink = new RecordSink(spec.slug)
  if (variant === 'reference') compileReference(spec, sink)
  else compileBlank(spec, sink)
  return [...baseRecords(), ...sink.records]
}
