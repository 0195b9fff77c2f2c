/**
 * `startServer`: one Node HTTP server (@hono/node-server) serving the API (`createApp`) and the built web UI
 * from `packages/web/dist` (hashed assets as static files; every other non-API GET falls back to
 * `index.html` so client-side routes work). When the UI has not been built, non-API GETs answer a plain page
 * telling the operator to run `npm run build:web`.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import type { AppContext } from "../services/index.js";
import { REPO_ROOT } from "../package-dir.js";
import { createApp } from "./app.js";
import { API_PREFIX } from "./middleware/auth.js";

/** Default location of the built UI: `packages/web/dist`, resolved from this file. */
export const DEFAULT_WEB_DIST_DIR = join(REPO_ROOT, "packages", "web", "dist") + "/";

export interface StartServerOptions {
  ctx: AppContext;
  /** Interface to listen on, e.g. `127.0.0.1` (default) or `0.0.0.0`. */
  host?: string;
  /** TCP port; 0 picks a free one (default 5180, as `tracewater serve`). */
  port?: number;
  /** Built web UI folder (default {@link DEFAULT_WEB_DIST_DIR}). */
  webDistDir?: string;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops accepting connections and resolves when the server is closed (does not close `ctx`). */
  close(): Promise<void>;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Tracewater</title></head>
<body>
<h1>Tracewater 毒情监测评估预警平台</h1>
<p>网页界面尚未构建。请在项目目录运行 <code>npm run build:web</code> 后刷新本页。</p>
<p>The web UI has not been built. Run <code>npm run build:web</code> in the project folder, then reload.</p>
<p>API: <a href="${API_PREFIX}/openapi.json">${API_PREFIX}/openapi.json</a></p>
</body></html>
`;

/** Paths that name a static file (never answered with index.html). Client routes such as `/sites/CZ.01` are not. */
const ASSET_EXTENSION = /\.(?:js|mjs|css|map|json|ico|png|jpe?g|gif|svg|webp|woff2?|ttf|txt|wasm)$/i;

/** Whether `path` is an API path (never served by the UI fallback). */
function isApiPath(path: string): boolean {
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`) || path === "/api" || path.startsWith("/api/");
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { ctx, host = "127.0.0.1", port = 5180 } = options;
  const webDistDir = options.webDistDir ?? DEFAULT_WEB_DIST_DIR;
  const app = createApp(ctx);
  const indexFile = join(webDistDir, "index.html");

  if (existsSync(indexFile)) {
    const assets = serveStatic({ root: webDistDir });
    app.use("*", async (c, next) => (isApiPath(c.req.path) ? next() : assets(c, next)));
    app.get("*", async (c) => {
      if (isApiPath(c.req.path)) return c.notFound();
      // A missing asset file is a 404, not the SPA page: a stale hashed script must not be answered with HTML.
      if (ASSET_EXTENSION.test(c.req.path)) return c.text("Not found", 404);
      c.header("cache-control", "no-cache");
      // Read per request: a rebuilt UI (new asset hashes) is picked up without restarting the server.
      return c.html(await readFile(indexFile, "utf8"));
    });
  } else {
    ctx.log.warn({ webDistDir }, "web UI not built; run `npm run build:web`");
    app.get("*", (c) => (isApiPath(c.req.path) ? c.notFound() : c.html(NOT_BUILT_PAGE, 503)));
  }

  return await new Promise<RunningServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shownHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const url = `http://${shownHost}:${info.port}`;
      ctx.log.info({ url }, "Tracewater listening");
      resolve({
        url,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive connections would hold close() open; end idle ones now.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          }),
      });
    });
    server.once("error", reject);
  });
}
