/**
 * Request logging with pino (`ctx.log`): one line per request with method, path (no query string: it may carry
 * search terms), status, duration and a request id (also returned as `X-Request-Id`). Never logs cookies or bodies.
 * A child logger carrying the request id is put in `c.var.log` for routes and the error handler.
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "../env.js";

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomUUID();
    const child = log.child({ requestId });
    c.set("requestId", requestId);
    c.set("log", child);
    const started = performance.now();
    await next();
    c.header("X-Request-Id", requestId);
    const status = c.res.status;
    const entry = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      user: c.get("me")?.username,
    };
    if (status >= 500) child.error(entry, "request failed");
    else child.info(entry, "request");
  };
}
