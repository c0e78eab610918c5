/** Calls are charged per started minute: 1–60 s is one minute, 61 s two; a call that never connected (0 s) costs nothing. */
export function billedMinutes(durationSeconds: number): number {
  return Math.ceil(Math.max(0, durationSeconds) / 60);
}
