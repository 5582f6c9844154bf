// Input and naming for POST /api/boards/{id}/fork. Pure.
import { z } from 'zod'
import { TITLE_MAX, titleSchema } from './schemas'

export const forkBoardSchema = z.strictObject({ title: titleSchema.optional() }, { error: 'body must be a JSON object' })

/** "Copy of <title>", cut to the title limit. */
export function forkTitle(source: string): string {
  return `Copy of ${source}`.slice(0, TITLE_MAX).trim()
}
