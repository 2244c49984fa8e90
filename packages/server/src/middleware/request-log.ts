import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../server-env.js";

/** What the request logger is told about one request. */
export interface RequestLogEntry {
  /** The HTTP method. */
  method: string;
  /** The path, without the query string (scope ids stay out of logs). */
  path: string;
  /** The response status. */
  status: number;
  /** Time from the request to the response, in ms. */
  durationMs: number;
  /** The tenant of the key, when the request was authenticated. */
  tenant?: string;
  /** The label of the key, when the request was authenticated. */
  keyName?: string;
  /** The cause of a 5xx answer (never sent to the client). */
  error?: unknown;
}

/** Receives one entry per request. */
export type RequestLogger = (entry: RequestLogEntry) => void;

/** The default logger: one line per request on stdout, plus the cause of server errors on stderr. */
export const consoleRequestLogger: RequestLogger = (entry) => {
  const who = entry.tenant ? ` tenant=${entry.tenant} key=${entry.keyName}` : "";
  console.log(
    `${new Date().toISOString()} ${entry.method} ${entry.path} ${entry.status} ${entry.durationMs.toFixed(1)}ms${who}`,
  );
  if (entry.error !== undefined) console.error(entry.error);
};

/** Middleware that tells `logger` about every request once its response is ready. */
export function requestLog(logger: RequestLogger): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const key = c.get("key");
    const error = c.get("failure");
    logger({
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: performance.now() - started,
      ...(key ? { tenant: key.tenant, keyName: key.name } : {}),
      ...(error !== undefined ? { error } : {}),
    });
  };
}
