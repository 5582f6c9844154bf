// Checks a template is complete and legible before it ships: every text field filled in, the
// diagram's references resolve, and nothing on the board overlaps anything else. Pure; the unit
// tests run it over every template in templates/ (the record-level check, that tldraw's store
// accepts the compiled records, lives in the test because it needs the store).
import { z } from 'zod'
import { COMPONENT_KINDS, COMPONENT_SIZE } from '@/lib/shapes/component-kinds'
import { NOTE_SIZE } from './compile'
import { SIMULATORS, TOPICS, type TemplateSpec } from './spec'

/** The canvas area a reference diagram must fit, so it opens legibly at a normal zoom. */
export const DIAGRAM_BOUNDS = { w: 2000, h: 1200 } as const
/** Minimum clear space between two boxes, so labels and arrows stay readable. */
export const MIN_GAP = 24

const text = z.string().trim().min(1, 'must not be empty')
const sentences = (min: number) => z.array(text).min(min, `needs at least ${min}`)
const topicIds = TOPICS.map((t) => t.id) as [string, ...string[]]

const specSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens'),
  title: text,
  topic: z.enum(topicIds),
  kind: z.enum(['topic', 'problem']),
  summary: text,
  simulator: z.enum(SIMULATORS),
  prompt: z.object({ statement: text, functional: sentences(3), nonFunctional: sentences(3), scale: sentences(3) }),
  tradeoffs: sentences(4),
  followUps: sentences(4),
  hints: sentences(3),
  rubric: z.array(z.object({ dimension: text, strong: text, weak: text })).min(4, 'needs at least 4 dimensions'),
  diagram: z.object({
    components: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lowercase letters, digits and hyphens'),
          kind: z.enum(COMPONENT_KINDS),
          label: text,
          x: z.number().min(0),
          y: z.number().min(0),
          capacity: z.number().positive().optional(),
        }),
      )
      .min(5, 'a reference diagram needs at least 5 components'),
    arrows: z.array(z.object({ from: text, to: text, label: text, dashed: z.boolean().optional() })).min(4, 'needs at least 4 arrows'),
    notes: z.array(z.object({ text, x: z.number().min(0), y: z.number().min(0), color: z.string().optional() })).min(1, 'needs a note'),
    zones: z.array(z.object({ label: text, x: z.number().min(0), y: z.number().min(0), w: z.number().positive(), h: z.number().positive() })).optional(),
  }),
})

type Box = { name: string; x: number; y: number; w: number; h: number }

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
}

function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

/** Every problem found, as "<path>: <what is wrong>"; an empty list means the template is fine. */
export function templateProblems(spec: TemplateSpec): string[] {
  const parsed = specSchema.safeParse(spec)
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)

  const problems: string[] = []
  const { components, arrows, notes, zones = [] } = spec.diagram
  const ids = new Set<string>()
  for (const c of components) {
    if (ids.has(c.id)) problems.push(`diagram.components: duplicate id ${c.id}`)
    ids.add(c.id)
  }
  const pairs = new Set<string>()
  for (const [i, a] of arrows.entries()) {
    if (!ids.has(a.from)) problems.push(`diagram.arrows.${i}: from names a missing component ${a.from}`)
    if (!ids.has(a.to)) problems.push(`diagram.arrows.${i}: to names a missing component ${a.to}`)
    if (a.from === a.to) problems.push(`diagram.arrows.${i}: an arrow from ${a.from} to itself`)
    const pair = `${a.from}->${a.to}`
    if (pairs.has(pair)) problems.push(`diagram.arrows.${i}: a second arrow ${pair} would draw on top of the first`)
    pairs.add(pair)
  }
  const connected = new Set(arrows.flatMap((a) => [a.from, a.to]))
  for (const c of components) if (!connected.has(c.id)) problems.push(`diagram.components: ${c.id} is not connected to anything`)

  const boxes: Box[] = [
    ...components.map((c) => ({ name: `component ${c.id}`, x: c.x, y: c.y, ...COMPONENT_SIZE })),
    ...notes.map((n, i) => ({ name: `note ${i}`, x: n.x, y: n.y, w: NOTE_SIZE, h: NOTE_SIZE })),
  ]
  for (const box of boxes) {
    if (box.x + box.w > DIAGRAM_BOUNDS.w || box.y + box.h > DIAGRAM_BOUNDS.h) problems.push(`diagram: ${box.name} lies outside ${DIAGRAM_BOUNDS.w} x ${DIAGRAM_BOUNDS.h}`)
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlaps(boxes[i]!, boxes[j]!, MIN_GAP)) problems.push(`diagram: ${boxes[i]!.name} and ${boxes[j]!.name} overlap or touch`)
    }
  }
  for (const [i, zone] of zones.entries()) {
    const area: Box = { name: `zone ${i}`, ...zone }
    if (area.x + area.w > DIAGRAM_BOUNDS.w || area.y + area.h > DIAGRAM_BOUNDS.h) problems.push(`diagram: zone ${i} lies outside ${DIAGRAM_BOUNDS.w} x ${DIAGRAM_BOUNDS.h}`)
    for (const box of boxes) {
      // A box is either clearly inside a zone (below its label) or clearly outside it.
      const inside = contains({ ...area, y: area.y + 32 }, box)
      if (!inside && overlaps(area, box, 0)) problems.push(`diagram: ${box.name} straddles the edge of zone ${i} (${zone.label})`)
    }
  }
  return problems
}
