/**
 * Server process of the overview-latency benchmark: seeds the EUDA data into a fresh data dir, logs in, starts the
 * server, prints `{url, cookie}` as one JSON line and serves until killed (the load generator runs in the parent, so
 * it does not share this event loop).
 */
import { startServer } from "../packages/server/src/http/server.js";
import { changePassword, ensureInitialAdmin, login } from "../packages/server/src/services/auth/auth.js";
import { createAppContext } from "../packages/server/src/services/context.js";
import { seedBundledData } from "../packages/server/src/services/imports/seed-bundled.js";

const dataDir = process.argv[2] as string;
const ctx = await createAppContext({ dataDir });
await seedBundledData(ctx);
const admin = await ensureInitialAdmin(ctx);
if (!admin) throw new Error("fresh data dir must create the initial admin");
const first = await login(ctx, { username: admin.username, password: admin.password });
// the one-time password must be changed before any data route answers
const newPassword = "Bench-passphrase-2026!";
await changePassword(ctx, first.sessionId, { oldPassword: admin.password, newPassword });
const { sessionId } = await login(ctx, { username: admin.username, password: newPassword });
const server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ url: server.url, cookie: `tw_session=${sessionId}` }));
process.on("SIGTERM", async () => {
  await server.close();
  await ctx.database.close();
  process.exit(0);
});
