/**
 * The core's logger: one line per event on stderr, JSON (for log collectors) or plain text
 * (for a terminal). Callers pass only what is safe to keep: never request bodies, tokens,
 * api keys or connection URIs with credentials.
 */
import type { CoreConfig } from "./config";
import type { Logger } from "./http/route";

export type { Logger } from "./http/route";

export type LogLevel = CoreConfig["log_level"];
export type LogFormat = "json" | "text";

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, NONE: 100 };

export interface LoggerOptions {
  level: LogLevel;
  /** Default: text on a terminal, JSON otherwise. */
  format?: LogFormat;
  /** Default: process.stderr. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level];
  const format = options.format ?? (process.stderr.isTTY ? "text" : "json");
  const write = options.write ?? ((line: string) => process.stderr.write(line));

  function emit(level: Exclude<LogLevel, "NONE">, message: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < threshold) return;
    const time = new Date().toISOString();
    if (format === "json") {
      write(JSON.stringify({ time, level: level.toLowerCase(), msg: message, ...fields }) + "\n");
      return;
    }
    let line = `${time} ${level.padEnd(5)} ${message}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        line +=
          key === "stack"
            ? `\n${String(value)}`
            : ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`;
      }
    }
    write(line + "\n");
  }

  return {
    debug: (message, fields) => emit("DEBUG", message, fields),
    info: (message, fields) => emit("INFO", message, fields),
    warn: (message, fields) => emit("WARN", message, fields),
    error: (message, fields) => emit("ERROR", message, fields),
  };
}

/** A logger that drops everything (embedded use, benchmarks). */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/**
 * Masks credentials in URIs (`postgresql://user:secret@host` → `postgresql://user:***@host`)
 * inside free text such as an error message, before it reaches a log line.
 */
export function redactCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, "$1***@");
}

/** An error's message for a log field (anything thrown, not only Errors). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
