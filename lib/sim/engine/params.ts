// Simulator parameters: one declaration gives the zod schema (validation with messages that
// name the parameter), the defaults, and the metadata a panel needs to draw a knob.
import { z } from 'zod'

export type NumberParam = {
  kind: 'number' | 'integer'
  label: string
  description?: string
  unit?: string
  min: number
  max: number
  step?: number
  default: number
}

export type SelectParam<V extends string = string> = {
  kind: 'select'
  label: string
  description?: string
  options: readonly { value: V; label: string }[]
  default: V
}

export type BooleanParam = { kind: 'boolean'; label: string; description?: string; default: boolean }

export type ParamSpec = NumberParam | SelectParam | BooleanParam

export type ParamSpecs = Record<string, ParamSpec>

export type ParamValues<T extends ParamSpecs> = {
  [K in keyof T]: T[K] extends SelectParam<infer V> ? V : T[K] extends BooleanParam ? boolean : number
}

export const num = (p: Omit<NumberParam, 'kind'>): NumberParam => ({ kind: 'number', ...p })
export const int = (p: Omit<NumberParam, 'kind'>): NumberParam => ({ kind: 'integer', step: 1, ...p })
export const bool = (p: Omit<BooleanParam, 'kind'>): BooleanParam => ({ kind: 'boolean', ...p })
export function select<const V extends string>(p: Omit<SelectParam<V>, 'kind'>): SelectParam<V> {
  return { kind: 'select', ...p }
}

function fieldSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      let s = z.number({ error: 'must be a number' })
      if (spec.kind === 'integer') s = s.int({ error: 'must be an integer' })
      s = s
        .min(spec.min, { error: `must be at least ${spec.min}` })
        .max(spec.max, { error: `must be at most ${spec.max}` })
      return s.default(spec.default)
    }
    case 'select': {
      const values = spec.options.map((o) => o.value)
      return z
        .enum(values as [string, ...string[]], { error: `must be one of ${values.join(', ')}` })
        .default(spec.default)
    }
    case 'boolean':
      return z.boolean({ error: 'must be true or false' }).default(spec.default)
  }
}

export type ParamSet<T extends ParamSpecs> = {
  specs: T
  schema: z.ZodType<ParamValues<T>>
  defaults: ParamValues<T>
}

export function defineParams<const T extends ParamSpecs>(specs: T): ParamSet<T> {
  const shape: Record<string, z.ZodType> = {}
  const defaults: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(specs)) {
    shape[key] = fieldSchema(spec)
    defaults[key] = spec.default
  }
  return {
    specs,
    schema: z.strictObject(shape) as unknown as z.ZodType<ParamValues<T>>,
    defaults: defaults as ParamValues<T>,
  }
}

export type ParseResult<P> = { ok: true; value: P } | { ok: false; errors: string[] }

/** Validate untrusted input (CLI, Yjs document) into parameters, with defaults filled in. */
export function parseParams<P>(schema: z.ZodType<P>, input: unknown): ParseResult<P> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return { ok: true, value: result.data }
  const errors = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${k}: unknown parameter`).join('; ')
    const path = issue.path.map(String).join('.')
    return path ? `${path}: ${issue.message}` : issue.message
  })
  return { ok: false, errors }
}

/** A JSON description of the parameters for `--list` and the panel. */
export function describeParams(specs: ParamSpecs): Record<string, ParamSpec & { type: string }> {
  const out: Record<string, ParamSpec & { type: string }> = {}
  for (const [key, spec] of Object.entries(specs)) {
    const type = spec.kind === 'select' ? 'string' : spec.kind === 'boolean' ? 'boolean' : spec.kind
    out[key] = { type, ...spec }
  }
  return out
}
