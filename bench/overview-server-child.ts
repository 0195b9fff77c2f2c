/**
 * Server process of the overview-latency benchmark: seeds the EUDA data into a fresh data dir, logs in, starts the
 * server, prints `{url, cookie}` as one JSON line and serves until killed (the load generator runs in the parent, so
 * it does not share this event loop).
 */
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff, DEFAULT_TEST_USER } from "../packages/server/src/http/test-support.js";
import { createAppContext } from "../packages/server/src/services/context.js";
import { seedBundledData } from "../packages/server/src/services/imports/seed-bundled.js";

const dataDir = process.argv[2] as string;
const ctx = await createAppContext({ dataDir });
await seedBundledData(ctx);
// a city analyst of 长治市 (administrators may not read monitoring data), password changed, TOTP enrolled
const { sessionId } = await createLoggedInStaff(ctx, DEFAULT_TEST_USER);
const server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ url: server.url, cookie: `tw_session=${sessionId}` }));
process.on("SIGTERM", async () => {
  await server.close();
  await ctx.database.close();
  process.exit(0);
});
