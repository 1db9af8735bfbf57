// Structured JSON logs (pino). Errors carry their stack here, never in HTTP answers.

import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'tally' }, timestamp: pino.stdTimeFunctions.isoTime });
}
