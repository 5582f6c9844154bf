// Every ShapeUtil the board's store and editor use: tldraw's defaults plus the system-design
// component. The store's schema built from these must equal lib/board/record-checks.ts
// boardSchema() (built from component-schema.ts boardShapeSchemas), or the sync node refuses
// the client; tests/unit/shapes/component-schema.test.ts checks that they agree.
import { defaultShapeUtils } from 'tldraw'
import { ComponentShapeUtil } from './component-shape-util'

export const boardShapeUtils = [...defaultShapeUtils, ComponentShapeUtil]
