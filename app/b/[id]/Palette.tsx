'use client'
// The component palette beside the canvas: every system-design building block grouped by
// category, dragged onto the canvas or clicked to add at the viewport's centre, and a small
// inspector for the one selected component. Editors only; Board.tsx leaves it out for viewers.
import { useEffect, useRef, useState, type DragEvent } from 'react'
import { createShapeId, useValue, type Editor, type VecModel } from 'tldraw'
import { COMPONENT_ICON_STROKE_WIDTH, COMPONENT_ICON_VIEWBOX, componentIconPaths } from '@/lib/shapes/component-icons'
import {
  CATEGORY_COLOR,
  CATEGORY_TITLE,
  COMPONENTS,
  COMPONENT_KINDS,
  COMPONENT_SIZE,
  isComponentKind,
  type ComponentCategory,
  type ComponentKind,
} from '@/lib/shapes/component-kinds'
import {
  COMPONENT_SHAPE_TYPE,
  MAX_COMPONENT_CAPACITY,
  MAX_COMPONENT_TEXT,
  type ComponentShape,
} from '@/lib/shapes/component-schema'
import styles from './Palette.module.css'

/** The drag payload's type: only our own drops carry it, so tldraw keeps files and URLs. */
export const COMPONENT_DRAG_MIME = 'application/x-designroom-component'

const CATEGORIES: ComponentCategory[] = ['edge', 'compute', 'data', 'messaging', 'external']

/** Adds a component of `kind` centred on `center` (page coordinates) and selects it. */
export function addComponent(editor: Editor, kind: ComponentKind, center: VecModel): ComponentShape['id'] {
  const info = COMPONENTS[kind]
  const id = createShapeId()
  editor.markHistoryStoppingPoint('add component')
  editor.run(() => {
    editor.createShape<ComponentShape>({
      id,
      type: COMPONENT_SHAPE_TYPE,
      x: center.x - COMPONENT_SIZE.w / 2,
      y: center.y - COMPONENT_SIZE.h / 2,
      props: {
        w: COMPONENT_SIZE.w,
        h: COMPONENT_SIZE.h,
        kind,
        text: info.title,
        capacity: 0,
        color: CATEGORY_COLOR[info.category],
      },
    })
    editor.setCurrentTool('select')
    editor.select(id)
  })
  return id
}

/**
 * Capture-phase drag handlers for the element around the canvas. tldraw's canvas handles drops
 * itself (files, URLs) and stops propagation, so ours run in the capture phase and claim only
 * drops that carry COMPONENT_DRAG_MIME.
 */
export function paletteDropHandlers(editor: Editor | null) {
  const carriesComponent = (e: DragEvent) => e.dataTransfer.types.includes(COMPONENT_DRAG_MIME)
  return {
    onDragOverCapture(e: DragEvent) {
      if (!editor || !carriesComponent(e)) return
      e.preventDefault()
      e.stopPropagation()
      e.dataTransfer.dropEffect = 'copy'
    },
    onDropCapture(e: DragEvent) {
      if (!editor || !carriesComponent(e)) return
      e.preventDefault()
      e.stopPropagation()
      const kind = e.dataTransfer.getData(COMPONENT_DRAG_MIME)
      if (!isComponentKind(kind) || editor.getIsReadonly()) return
      addComponent(editor, kind, editor.screenToPage({ x: e.clientX, y: e.clientY }))
    },
  }
}

export function ComponentIcon({ kind, size = 20 }: { kind: ComponentKind; size?: number }) {
  return (
    <svg width={size} height={size} viewBox={`0 0 ${COMPONENT_ICON_VIEWBOX} ${COMPONENT_ICON_VIEWBOX}`} aria-hidden="true" className={styles.icon}>
      {componentIconPaths(kind).map((d, i) => (
        <path key={i} d={d} fill="none" stroke="currentColor" strokeWidth={COMPONENT_ICON_STROKE_WIDTH} strokeLinecap="round" strokeLinejoin="round" />
      ))}
    </svg>
  )
}

function PaletteItem({ editor, kind }: { editor: Editor; kind: ComponentKind }) {
  const info = COMPONENTS[kind]
  return (
    <li>
      <button
        type="button"
        className={styles.item}
        data-testid={`palette-item-${kind}`}
        data-category={info.category}
        draggable
        title={info.description}
        aria-label={`Add ${info.title}: ${info.description}`}
        onDragStart={(e) => {
          e.dataTransfer.setData(COMPONENT_DRAG_MIME, kind)
          e.dataTransfer.effectAllowed = 'copy'
        }}
        onClick={() => addComponent(editor, kind, editor.getViewportPageBounds().center)}
      >
        <ComponentIcon kind={kind} />
        <span className={styles.itemTitle}>{info.title}</span>
      </button>
    </li>
  )
}

function parseCapacity(draft: string): number | null {
  if (draft.trim() === '') return 0
  const value = Number(draft)
  return Number.isInteger(value) && value >= 0 && value <= MAX_COMPONENT_CAPACITY ? value : null
}

/** Editing fields for one component. Keyed by shape id, so drafts reset on a new selection. */
function Inspector({ editor, shape }: { editor: Editor; shape: ComponentShape }) {
  const { text, kind, capacity } = shape.props
  const nameRef = useRef<HTMLInputElement>(null)
  const capacityRef = useRef<HTMLInputElement>(null)
  const [name, setName] = useState(text)
  const [capacityDraft, setCapacityDraft] = useState(String(capacity))
  const capacityValid = parseCapacity(capacityDraft) !== null

  // Follow remote edits and in-canvas renames, but never under the user's cursor.
  useEffect(() => {
    if (document.activeElement !== nameRef.current) setName(text)
  }, [text])
  useEffect(() => {
    if (document.activeElement !== capacityRef.current) setCapacityDraft(String(capacity))
  }, [capacity])

  const update = (props: Partial<ComponentShape['props']>) => {
    editor.updateShape<ComponentShape>({ id: shape.id, type: COMPONENT_SHAPE_TYPE, props })
  }

  const changeKind = (next: ComponentKind) => {
    const before = COMPONENTS[kind]
    const after = COMPONENTS[next]
    editor.markHistoryStoppingPoint('change component kind')
    update({
      kind: next,
      // A default name and colour follow the kind; ones the user chose stay.
      ...(text === before.title ? { text: after.title } : {}),
      ...(shape.props.color === CATEGORY_COLOR[before.category] ? { color: CATEGORY_COLOR[after.category] } : {}),
    })
  }

  return (
    <section className={styles.inspector} aria-label="Selected component" data-testid="component-inspector">
      <h3 className={styles.heading}>Selected</h3>
      <label className={styles.field}>
        Name
        <input
          ref={nameRef}
          type="text"
          value={name}
          maxLength={MAX_COMPONENT_TEXT}
          data-testid="inspector-name"
          onChange={(e) => {
            setName(e.target.value)
            update({ text: e.target.value.slice(0, MAX_COMPONENT_TEXT) })
          }}
          onBlur={() => setName(text)}
        />
      </label>
      <label className={styles.field}>
        Kind
        <select value={kind} data-testid="inspector-kind" onChange={(e) => isComponentKind(e.target.value) && changeKind(e.target.value)}>
          {COMPONENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {COMPONENTS[k].title}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        Capacity (req/s)
        <input
          ref={capacityRef}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_COMPONENT_CAPACITY}
          step={1}
          value={capacityDraft}
          aria-invalid={!capacityValid}
          aria-describedby={capacityValid ? undefined : 'inspector-capacity-error'}
          data-testid="inspector-capacity"
          onChange={(e) => {
            setCapacityDraft(e.target.value)
            const value = parseCapacity(e.target.value)
            if (value !== null && value !== capacity) update({ capacity: value })
          }}
          onBlur={() => capacityValid && setCapacityDraft(String(capacity))}
        />
      </label>
      {!capacityValid && (
        <p id="inspector-capacity-error" className={styles.invalid} role="alert">
          A whole number from 0 to {MAX_COMPONENT_CAPACITY.toLocaleString('en-US')}
        </p>
      )}
    </section>
  )
}

export function Palette({ editor }: { editor: Editor }) {
  const [open, setOpen] = useState(true)
  const selected = useValue(
    'designroom selected component',
    () => {
      const shape = editor.getOnlySelectedShape()
      return shape && editor.isShapeOfType<ComponentShape>(shape, COMPONENT_SHAPE_TYPE) ? shape : null
    },
    [editor],
  )

  return (
    <aside className={styles.panel} role="complementary" aria-label="Component palette" data-open={open} data-testid="palette">
      <button
        type="button"
        className={styles.toggle}
        aria-expanded={open}
        aria-controls="palette-body"
        aria-label={open ? 'Hide component palette' : 'Show component palette'}
        title={open ? 'Hide components' : 'Show components'}
        data-testid="palette-toggle"
        onClick={() => setOpen((v) => !v)}
      >
        {open ? '‹' : '›'}
      </button>
      <div id="palette-body" className={styles.body} hidden={!open}>
        <h2 className={styles.title}>Components</h2>
        <p className={styles.hint}>Drag onto the board, or click to add</p>
        <div className={styles.groups}>
          {CATEGORIES.map((category) => (
          <section key={category} aria-labelledby={`palette-${category}`} className={styles.group}>
            <h3 id={`palette-${category}`} className={styles.heading}>
              {CATEGORY_TITLE[category]}
            </h3>
            <ul className={styles.list}>
              {COMPONENT_KINDS.filter((kind) => COMPONENTS[kind].category === category).map((kind) => (
                <PaletteItem key={kind} editor={editor} kind={kind} />
              ))}
            </ul>
          </section>
          ))}
        </div>
        {selected && <Inspector key={selected.id} editor={editor} shape={selected} />}
      </div>
    </aside>
  )
}
