// What a template is: a system-design topic or a classic interview problem, bundled as a
// reference diagram, a problem prompt, the trade-offs, interviewer follow-ups and hints, and a
// rubric. Templates are TypeScript data in templates/ (versioned with the code, type-checked)
// and are compiled to tldraw records by lib/templates/compile.ts. Pure types and constants.
import type { ComponentKind } from '@/lib/shapes/component-kinds'

/** The study sheet's topics, in teaching order. */
export const TOPICS = [
  { id: 'basics', title: 'What system design is' },
  { id: 'load-balancing', title: 'Load balancing' },
  { id: 'caching', title: 'Caching' },
  { id: 'sharding', title: 'Database sharding' },
  { id: 'cap', title: 'CAP theorem and consensus' },
  { id: 'api-gateway', title: 'API gateway and rate limiting' },
  { id: 'event-bus', title: 'Event bus and event sourcing' },
  { id: 'cqrs', title: 'CQRS and feed fan-out' },
  { id: 'failure-handling', title: 'Failure handling' },
  { id: 'notifications', title: 'Notification systems' },
  { id: 'chat', title: 'Chat systems' },
] as const

export type TopicId = (typeof TOPICS)[number]['id']

/**
 * The simulator panel that belongs to a template (filled in by the simulator issues). One per
 * topic; classic problems name the simulator of the topic they lean on most.
 */
export const SIMULATORS = [
  'basics',
  'load-balancing',
  'caching',
  'sharding',
  'cap',
  'rate-limiting',
  'event-bus',
  'cqrs-fanout',
  'failure-handling',
  'notifications',
  'chat',
] as const

export type SimulatorId = (typeof SIMULATORS)[number]

/** A component on the reference diagram. Coordinates are page pixels of its top-left corner. */
export type DiagramComponent = {
  /** Local id, unique within the template; arrows refer to it. Lowercase letters, digits, '-'. */
  id: string
  kind: ComponentKind
  /** Name shown on the shape, e.g. "Orders DB (primary)". */
  label: string
  x: number
  y: number
  /** Requests per second one instance serves, when the topic cares (simulators read it). */
  capacity?: number
}

/** A labelled arrow between two components; bound to both, so it follows them when moved. */
export type DiagramArrow = {
  from: string
  to: string
  /** Short, e.g. "HTTPS", "publish", "cache miss". */
  label?: string
  /** Dashed for asynchronous or background flows (replication, events, retries). */
  dashed?: boolean
}

/** A sticky note explaining a decision, placed beside what it explains. */
export type DiagramNote = {
  text: string
  x: number
  y: number
  color?: 'yellow' | 'light-blue' | 'light-green' | 'light-red' | 'light-violet'
}

/** A dashed boundary around a group of components: a region, a tier, a shard set. */
export type DiagramZone = {
  label: string
  x: number
  y: number
  w: number
  h: number
}

export type Diagram = {
  components: DiagramComponent[]
  arrows: DiagramArrow[]
  notes: DiagramNote[]
  zones?: DiagramZone[]
}

export type RubricDimension = {
  /** e.g. "Requirements and estimates". */
  dimension: string
  /** What a strong answer shows. */
  strong: string
  /** What a weak answer does or misses. */
  weak: string
}

export type TemplatePrompt = {
  /** The problem as an interviewer would state it, two or three sentences. */
  statement: string
  functional: string[]
  nonFunctional: string[]
  /** Scale numbers to estimate from, e.g. "100 M daily active users". */
  scale: string[]
}

export type TemplateSpec = {
  /** URL-safe id, e.g. "url-shortener". */
  slug: string
  title: string
  topic: TopicId
  /** A study-sheet topic board, or a classic interview problem that combines topics. */
  kind: 'topic' | 'problem'
  /** One sentence for the gallery card. */
  summary: string
  simulator: SimulatorId
  prompt: TemplatePrompt
  /** The key trade-offs, each one sentence naming both sides. */
  tradeoffs: string[]
  /** Questions an interviewer asks once the basic design stands. */
  followUps: string[]
  /** Hints an interviewer can reveal one at a time, in order, mildest first. */
  hints: string[]
  rubric: RubricDimension[]
  diagram: Diagram
}
