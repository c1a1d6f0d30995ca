/** Structured log attributes (alarm name, state, severity, MessageId, destination, outcome, ...). */
export type LogFields = Record<string, unknown>;

/** Structured logging the pipeline needs; Powertools Logger satisfies it. */
export interface Log {
  debug(message: string, ...fields: LogFields[]): void;
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

/** For offline tools (render, preview, demo): nothing is logged. */
export const quietLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
