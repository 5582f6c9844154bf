// The `component` shape's record schema: props validators and migrations. Isomorphic and free of
// React, because the sync node validates every incoming record against it (lib/board/
// record-checks.ts) and the browser's ShapeUtil (app/b/[id]/shapes) declares the same props.
import { T } from '@tldraw/validate'
import {
  createShapePropsMigrationSequence,
  DefaultColorStyle,
  defaultShapeSchemas,
  type RecordProps,
  type SchemaPropsInfo,
  type TLBaseShape,
  type TLDefaultColorStyle,
} from '@tldraw/tlschema'
import { COMPONENT_KINDS, type ComponentKind } from './component-kinds'

export const COMPONENT_SHAPE_TYPE = 'component'

export type ComponentShapeProps = {
  w: number
  h: number
  kind: ComponentKind
  /** The component's name, shown as its label ("Orders DB"). Plain text. */
  text: string
  /** Requests per second one instance can serve; 0 means "not set". Simulators read it. */
  capacity: number
  color: TLDefaultColorStyle
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [COMPONENT_SHAPE_TYPE]: ComponentShapeProps
  }
}

export type ComponentShape = TLBaseShape<typeof COMPONENT_SHAPE_TYPE, ComponentShapeProps>

/** Longest label a component holds: a name, not a paragraph. */
export const MAX_COMPONENT_TEXT = 200
/** Generous upper bound on capacity (requests/s) so a typo cannot poison a simulator. */
export const MAX_COMPONENT_CAPACITY = 10_000_000

export const componentShapeProps: RecordProps<ComponentShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  kind: T.literalEnum(...COMPONENT_KINDS),
  text: T.string.check((value) => {
    if (value.length > MAX_COMPONENT_TEXT) throw new Error(`label longer than ${MAX_COMPONENT_TEXT} characters`)
  }),
  capacity: T.number.check((value) => {
    if (value < 0 || value > MAX_COMPONENT_CAPACITY) throw new Error(`capacity must be between 0 and ${MAX_COMPONENT_CAPACITY}`)
  }),
  color: DefaultColorStyle,
}

// Version 0: no migrations yet. Any future change to the props adds a step here, and the
// server and the browser pick it up together (they ship in one build).
export const componentShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })

/** Every shape a board may hold: tldraw's defaults plus the component. */
export const boardShapeSchemas: Record<string, SchemaPropsInfo> = {
  ...defaultShapeSchemas,
  [COMPONENT_SHAPE_TYPE]: { props: componentShapeProps, migrations: componentShapeMigrations },
}
