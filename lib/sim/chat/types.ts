import type { ParamValues } from '@/lib/sim/engine'
import type { chatParams } from './params'

export type ChatParams = ParamValues<typeof chatParams.specs>
