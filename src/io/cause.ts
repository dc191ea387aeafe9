// The message of anything caught (below errors.ts and problems.ts, which both word causes).

/** The message of anything caught, for wrapping into a problem or a SafetensorsError. */
export const describeCause = (e: unknown): string => (e instanceof Error ? e.message : String(e));
