// Every template in templates/ is complete, legible, and loads: its compiled records pass
// tldraw's own store validation and the sync node's record checks, and the document built from
// them passes the node's update gate, exactly as a board created from it would.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { boardSchema, checkRecordEntry } from '@/lib/board/record-checks'
import { documentFromRecords, recordsFromDocument } from '@/lib/board/seed-document'
import { validateUpdate } from '@/lib/board/validate-update'
import { compileTemplate } from '@/lib/templates/compile'
import type { TemplateSpec } from '@/lib/templates/spec'
import { templateProblems } from '@/lib/templates/validate'

const root = join(import.meta.dirname, '../../../templates')
const slugs = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

async function load(slug: string): Promise<TemplateSpec> {
  const module = (await import(join(root, slug, 'template.ts'))) as { default: TemplateSpec }
  return module.default
}

describe.each(slugs)('template %s', (slug) => {
  it('is complete and legible (no missing text, no dangling arrows, no overlaps)', async () => {
    const spec = await load(slug)
    expect(spec.slug).toBe(slug)
    expect(templateProblems(spec)).toEqual([])
  })

  it.each(['reference', 'blank'] as const)('compiles to records tldraw and the sync node accept (%s)', async (variant) => {
    const records = compileTemplate(await load(slug), variant)
    const store = createTLStore({ schema: boardSchema() })
    expect(() => store.put(records)).not.toThrow()
    for (const record of records) expect(checkRecordEntry({ key: record.id, val: record })).toEqual({ ok: true })
    const update = documentFromRecords(records)
    expect(validateUpdate(update)).toEqual({ ok: true })
    expect(recordsFromDocument(update)).toHaveLength(records.length)
  })
})

describe('the registry (templates/index.ts)', () => {
  it('lists every template folder once, topics before problems', async () => {
    const { TEMPLATES } = await import('@/templates')
    expect(TEMPLATES.map((t) => t.slug).sort()).toEqual(slugs)
    const kinds = TEMPLATES.map((t) => t.kind)
    expect(kinds.indexOf('problem')).toBeGreaterThan(kinds.lastIndexOf('topic'))
  })

  it('has a topic board for every topic of the study sheet', async () => {
    const { TEMPLATES } = await import('@/templates')
    const { TOPICS } = await import('@/lib/templates/spec')
    for (const topic of TOPICS) expect(TEMPLATES.some((t) => t.kind === 'topic' && t.topic === topic.id), topic.id).toBe(true)
  })
})
