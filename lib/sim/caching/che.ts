// Che's approximation for LRU under the independent reference model (Che, Tung, Wang 2002;
// analysed by Fricker, Robert and Roberts, arXiv:1202.3974): find the characteristic time T with
// sum_i (1 - exp(-p_i T)) = C, then hit ratio = sum_i p_i (1 - exp(-p_i T)).

export function cheCharacteristicTime(probabilities: ArrayLike<number>, capacity: number): number {
  const n = probabilities.length
  if (capacity >= n) return Infinity
  const occupancy = (t: number): number => {
    let sum = 0
    for (let i = 0; i < n; i++) sum += 1 - Math.exp(-(probabilities[i] ?? 0) * t)
    return sum
  }
  let lo = 0
  let hi = 1
  while (occupancy(hi) < capacity) hi *= 2
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (occupancy(mid) < capacity) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export function cheHitRatio(probabilities: ArrayLike<number>, capacity: number): number {
  const t = cheCharacteristicTime(probabilities, capacity)
  if (t === Infinity) return 1
  let hit = 0
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0
    hit += p * (1 - Math.exp(-p * t))
  }
  return hit
}

/** The hit ratio of a cache that always holds the C most popular objects (perfect LFU). */
export function topHitRatio(probabilities: ArrayLike<number>, capacity: number): number {
  let sum = 0
  for (let i = 0; i < Math.min(capacity, probabilities.length); i++) sum += probabilities[i] ?? 0
  return sum
}
