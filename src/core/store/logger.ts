/** Where the store reports what a user may want to know (moved files, damaged journals). */
export interface StoreLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Default: warnings to stderr, nothing else. */
export const consoleLogger: StoreLogger = {
  info: () => undefined,
  warn: (message) => console.warn(`workflow-studio history: ${message}`),
};

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined };
