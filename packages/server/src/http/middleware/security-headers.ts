/**
 * Security headers on every response (API and web UI), via hono's `secureHeaders`.
 * The Content-Security-Policy lets the UI load nothing from outside the origin: everything is bundled.
 * `style-src 'unsafe-inline'` is needed by Ant Design's CSS-in-JS (it injects <style> elements at run time);
 * `img-src data: blob:` by ECharts image export and inline icons. No inline scripts are allowed.
 */
import { secureHeaders } from "hono/secure-headers";

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", "blob:"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export const securityHeaders = secureHeaders({
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
  xContentTypeOptions: "nosniff",
});
