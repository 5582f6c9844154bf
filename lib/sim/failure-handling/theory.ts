// The series law for the availability chart. Pure.

/** Independent failures in series: the chain succeeds when every service does, prod (1 - p_i). */
export function productRule(errorRates: readonly number[]): number {
  return errorRates.reduce((a, q) => a * (1 - q), 1)
}

/**
 * The same chain with up to `retries` retries of independent attempts. 'client': the client
 * retries the whole chain, 1 - (1 - prod)^(r+1). 'every': each caller retries its dependency, so
 * from the last service back, a_k = 1 - (1 - (1 - p_k) a_{k+1})^(r+1) with a_n = 1.
 */
export function availabilityWithRetries(errorRates: readonly number[], retries: number, layer: 'every' | 'client'): number {
  const attempts = retries + 1
  if (layer === 'client') return 1 - Math.pow(1 - productRule(errorRates), attempts)
  let a = 1
  for (let k = errorRates.length - 1; k >= 0; k--) a = 1 - Math.pow(1 - (1 - errorRates[k]!) * a, attempts)
  return a
}
