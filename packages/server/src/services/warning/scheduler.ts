/**
 * Scheduled warning jobs (croner): a detection run over all stored data and the supervision check of overdue leads
 * (督办), on a cron pattern — env `TRACEWATER_DETECT_CRON` (default {@link DEFAULT_DETECT_CRON}: every 6 hours at
 * minute 0, China Standard Time), `off` to disable. Runs never overlap (`protect`); a failing run is logged.
 */
import { Cron } from "croner";
import type { AppContext } from "../context.js";
import { SYSTEM_CALLER } from "./access.js";
import { runDetection } from "./detect.js";
import { raiseSupervisionOrders } from "./leads.js";

export const DEFAULT_DETECT_CRON = "0 */6 * * *";

/** One scheduled tick: detection, then overdue leads. */
export async function warningTick(ctx: AppContext): Promise<void> {
  await runDetection(ctx, SYSTEM_CALLER);
  const orders = await raiseSupervisionOrders(ctx);
  if (orders.length) ctx.log.info({ orders: orders.length }, "supervision orders raised for overdue leads");
}

/**
 * Starts the schedule. @returns a stop function (also when disabled)
 * @throws Error for an invalid cron pattern (croner's message)
 */
export function startWarningSchedule(
  ctx: AppContext,
  pattern = process.env.TRACEWATER_DETECT_CRON ?? DEFAULT_DETECT_CRON,
): () => void {
  if (pattern === "off") return () => undefined;
  const job = new Cron(pattern, { protect: true, timezone: "Asia/Shanghai", name: "tracewater-warning" }, async () => {
    try {
      await warningTick(ctx);
    } catch (err) {
      ctx.log.error({ err }, "scheduled detection failed");
    }
  });
  ctx.log.info({ pattern, next: job.nextRun()?.toISOString() }, "warning schedule started");
  return () => job.stop();
}
