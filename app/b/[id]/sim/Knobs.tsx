'use client'
// The panel's inputs: one knob per simulator parameter (slider, select or checkbox) and the seed
// field. A slider drag shows its value at once but writes the shared record only when the hand
// rests (or lets go): every write restarts the run in every browser on the board.
import { useEffect, useRef, useState } from 'react'
import type { ParamSpec } from '@/lib/sim/engine'
import { formatNumber } from '@/lib/sim/format'
import styles from './SimulatorPanel.module.css'

/** How long a slider must rest before its value is shared. */
const SETTLE_MS = 250

type Value = number | string | boolean

function sliderStep(spec: Extract<ParamSpec, { min: number }>): number {
  if (spec.step) return spec.step
  if (spec.kind === 'integer') return 1
  const raw = (spec.max - spec.min) / 100
  return Number(raw.toPrecision(1))
}

export function Knob({ name, spec, value, disabled, onChange }: { name: string; spec: ParamSpec; value: Value | undefined; disabled: boolean; onChange(v: Value): void }) {
  if (spec.kind === 'boolean') {
    return (
      <label className={styles.check} title={spec.description}>
        <input type="checkbox" checked={value === true} disabled={disabled} data-testid={`sim-knob-${name}`} onChange={(e) => onChange(e.target.checked)} />
        {spec.label}
      </label>
    )
  }
  if (spec.kind === 'select') {
    return (
      <label className={styles.field} title={spec.description}>
        <span>{spec.label}</span>
        <select value={String(value ?? spec.default)} disabled={disabled} data-testid={`sim-knob-${name}`} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    )
  }
  return <Slider name={name} spec={spec} value={typeof value === 'number' ? value : spec.default} disabled={disabled} onChange={onChange} />
}

function Slider({ name, spec, value, disabled, onChange }: { name: string; spec: Extract<ParamSpec, { min: number }>; value: number; disabled: boolean; onChange(v: number): void }) {
  const [draft, setDraft] = useState(value)
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; value: number } | null>(null)
  // Latest props for the timer and the unmount cleanup, which outlive the render that set them.
  const latest = useRef({ onChange, value })
  useEffect(() => {
    latest.current = { onChange, value }
  }, [onChange, value])

  // Another browser (or a reset) changed the value: show it unless this hand is mid-drag.
  useEffect(() => {
    if (!pending.current) setDraft(value)
  }, [value])

  const flush = useRef(() => {
    const p = pending.current
    if (!p) return
    clearTimeout(p.timer)
    pending.current = null
    if (p.value !== latest.current.value) latest.current.onChange(p.value)
  }).current
  // A drag in flight when the panel closes is still shared.
  useEffect(() => flush, [flush])

  const change = (raw: string) => {
    const n = Number(raw)
    if (!Number.isFinite(n)) return
    const v = spec.kind === 'integer' ? Math.round(n) : n
    setDraft(v)
    if (pending.current) clearTimeout(pending.current.timer)
    pending.current = { value: v, timer: setTimeout(flush, SETTLE_MS) }
  }

  return (
    <label className={styles.field} title={spec.description}>
      <span className={styles.knobHead}>
        <span>{spec.label}</span>
        <output data-testid={`sim-knob-value-${name}`}>
          {formatNumber(draft)}
          {spec.unit ? ` ${spec.unit}` : ''}
        </output>
      </span>
      <input
        type="range"
        min={spec.min}
        max={spec.max}
        step={sliderStep(spec)}
        value={draft}
        disabled={disabled}
        data-testid={`sim-knob-${name}`}
        onChange={(e) => change(e.target.value)}
        onPointerUp={flush}
        onKeyUp={flush}
        onBlur={flush}
      />
    </label>
  )
}

export function SeedField({ seed, disabled, onCommit }: { seed: number; disabled: boolean; onCommit(seed: number): void }) {
  const [draft, setDraft] = useState(String(seed))
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (document.activeElement !== ref.current) setDraft(String(seed))
  }, [seed])
  const valid = /^\d{1,10}$/.test(draft) && Number(draft) <= 0xffffffff
  return (
    <input
      ref={ref}
      type="text"
      inputMode="numeric"
      value={draft}
      disabled={disabled}
      aria-invalid={!valid}
      data-testid="sim-seed"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => (valid ? onCommit(Number(draft)) : setDraft(String(seed)))}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && valid) onCommit(Number(draft))
      }}
    />
  )
}
