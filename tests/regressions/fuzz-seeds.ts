// Fuzz seeds that once failed tests/integration/sync-fuzz.test.ts (reliability.md B22/B23). Each
// entry becomes a named test there that replays the same seed and frame count against a fresh node.
// To pin one: copy the `FUZZ_SEED=… FUZZ_RUNS=…` line the failing run printed, add an entry with a
// name saying what broke, fix the defect, and keep the entry so the seed runs in CI from then on.

export type PinnedFuzzSeed = {
  /** What the seed found, as the test name: "awareness clock 2^53 crashed the node". */
  name: string
  seed: number
  /** Frames to replay (the FUZZ_RUNS the failing run printed). */
  frames: number
  /** When and where it was found, and the fix. */
  note: string
}

/** None so far: the 10,000-frame CI seed and the runs made while writing the fuzzer all passed. */
export const FUZZ_SEEDS: readonly PinnedFuzzSeed[] = []
