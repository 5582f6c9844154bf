// Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counter, from
// PractRand), seeded from one 32-bit seed through splitmix32. Only 32-bit integer operations
// (Math.imul, >>>), so Node and every browser produce the same stream for the same seed.

/** splitmix32: a 32-bit mixer used to spread one seed over sfc32's four words of state. */
export function splitmix32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x9e3779b9) | 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t = t ^ (t >>> 15)
    t = Math.imul(t, 0x735a2d97)
    return (t ^ (t >>> 15)) >>> 0
  }
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    const mix = splitmix32(seed)
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    // Discard the first outputs, as the sfc32 reference does, so nearby seeds decorrelate.
    for (let i = 0; i < 12; i++) this.nextU32()
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A uniform double in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** A child generator with its own stream, e.g. one per traffic source (common random numbers). */
  fork(): Rng {
    return new Rng(this.nextU32())
  }
}
