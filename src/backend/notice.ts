// One-line notices (a backend fallback, a clamped thread count, threads unavailable): stderr where
// there is one (Node), the console elsewhere (a browser), or the handler set with onNotice.
const standardError = (message: string): void => {
  const stderr = globalThis.process?.stderr;
  if (stderr) stderr.write(`${message}\n`);
  else console.warn(message);
};

let handler: (message: string) => void = standardError;

/** Where one-line notices (backend fallbacks) go; the default writes to stderr (the console in a browser). */
export const onNotice = (h: (message: string) => void): void => { handler = h; };

/** @internal says `message` through the current handler. */
export const notice = (message: string): void => handler(message);

/** @internal an environment variable, or undefined where there is no process (a browser). */
export const envVar = (name: string): string | undefined => globalThis.process?.env?.[name];
