/**
 * Notifications of the warning workflow: who is told (every active staff member whose role and jurisdiction allow
 * the action on the record — `decide()`), and through which channels. The in-app inbox is the built-in channel;
 * further channels (SMS, e-mail, 政务微信 …) implement {@link NotificationChannel} and are registered per context
 * with {@link registerNotificationChannel} by the deployment — none is built in, none is called in tests.
 */
import type {
  InboxResponse,
  Notification,
  NotificationKind,
  WarningMessageParams,
  WarningNotificationCode,
} from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import { decide } from "../../security/policy.js";
import type { Action } from "../../security/roles.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { toPolicyRoles } from "../security/staff.js";

/** One message for one recipient. */
export interface OutgoingNotification {
  userId: string;
  username: string;
  kind: NotificationKind;
  /** zh-CN text for channels that cannot translate (and the web's fallback) */
  title: string;
  body: string;
  /** message code + params the web renders in the UI language (contract WARNING_NOTIFICATION_PARAMS) */
  code: WarningNotificationCode;
  params: WarningMessageParams;
  subject: Notification["subject"];
}

/** A delivery channel. `deliver` runs inside the transaction of the change that caused the message. */
export interface NotificationChannel {
  readonly name: string;
  deliver(tx: SqlClient, message: OutgoingNotification, now: Date): Promise<void>;
}

/** The in-app inbox: one `notification` row per recipient. */
export const inAppChannel: NotificationChannel = {
  name: "in-app",
  async deliver(tx, m, now) {
    await tx.query(
      `INSERT INTO notification (id, user_id, kind, title, body, code, params, subject_type, subject_id, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9,$10)`,
      [
        uuidv7(),
        m.userId,
        m.kind,
        m.title,
        m.body,
        m.code,
        JSON.stringify(m.params),
        m.subject.type,
        m.subject.id,
        now,
      ],
    );
  },
};

const extraChannels = new WeakMap<AppContext, NotificationChannel[]>();

/** Adds a delivery channel (besides the in-app inbox) for this context. */
export function registerNotificationChannel(ctx: AppContext, channel: NotificationChannel): void {
  const list = extraChannels.get(ctx) ?? [];
  list.push(channel);
  extraChannels.set(ctx, list);
}

/** The channels of a context: in-app first. */
export function notificationChannels(ctx: AppContext): NotificationChannel[] {
  return [inAppChannel, ...(extraChannels.get(ctx) ?? [])];
}

/** Active staff allowed to do `action` on data at `jurisdictionPath` (roles and jurisdiction only; no grants). */
export async function recipients(
  ctx: AppContext,
  tx: SqlClient,
  action: Action,
  jurisdictionPath: string | null,
): Promise<{ userId: string; username: string }[]> {
  const res = await tx.query<{ id: string; username: string; roles: string[]; path: string | null }>(
    `SELECT u.id, u.username, u.roles, j.path FROM app_user u
       LEFT JOIN staff_profile p ON p.user_id = u.id LEFT JOIN jurisdiction j ON j.code = p.jurisdiction_code
      WHERE p.disabled_at IS NULL ORDER BY u.username`,
  );
  const now = ctx.now();
  return res.rows
    .filter(
      (u) =>
        decide({ id: u.id, roles: toPolicyRoles(u.roles), jurisdictionPath: u.path }, action, { jurisdictionPath }, now)
          .allow,
    )
    .map((u) => ({ userId: u.id, username: u.username }));
}

/** Tells everyone who may do `action` at `jurisdictionPath`, through every channel. Returns the recipients. */
export async function notify(
  ctx: AppContext,
  tx: SqlClient,
  target: { action: Action; jurisdictionPath: string | null },
  message: Omit<OutgoingNotification, "userId" | "username">,
): Promise<number> {
  const to = await recipients(ctx, tx, target.action, target.jurisdictionPath);
  const now = ctx.now();
  for (const r of to) for (const ch of notificationChannels(ctx)) await ch.deliver(tx, { ...message, ...r }, now);
  return to.length;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  code: string | null;
  params: WarningMessageParams | null;
  subject_type: Notification["subject"]["type"];
  subject_id: string;
  created_at: Date;
  read_at: Date | null;
}

const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  code: r.code,
  params: r.params,
  subject: { type: r.subject_type, id: r.subject_id },
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

async function userIdOf(ctx: AppContext, username: string): Promise<string> {
  const r = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = r.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return id;
}

/** The inbox of a user, newest first (at most `limit`, default 200). */
export async function listInbox(
  ctx: AppContext,
  username: string,
  options: { unread?: boolean; limit?: number } = {},
): Promise<InboxResponse> {
  const userId = await userIdOf(ctx, username);
  const res = await ctx.database.raw.query<NotificationRow>(
    `SELECT id, kind, title, body, code, params, subject_type, subject_id, created_at, read_at FROM notification
      WHERE user_id = $1 ${options.unread ? "AND read_at IS NULL" : ""} ORDER BY created_at DESC, id DESC LIMIT $2`,
    [userId, options.limit ?? 200],
  );
  const unread = await ctx.database.raw.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL",
    [userId],
  );
  return { items: res.rows.map(toNotification), unread: unread.rows[0]?.n ?? 0 };
}

/** Marks one of the user's notifications read. @throws NotFoundError when it is not theirs */
export async function markNotificationRead(ctx: AppContext, username: string, id: string): Promise<Notification> {
  const userId = await userIdOf(ctx, username);
  const res = await ctx.database.raw.query<NotificationRow>(
    `UPDATE notification SET read_at = COALESCE(read_at, $3) WHERE id::text = $1 AND user_id = $2
      RETURNING id, kind, title, body, code, params, subject_type, subject_id, created_at, read_at`,
    [id, userId, ctx.now()],
  );
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`notification ${id} not found`, "notification");
  return toNotification(row);
}

/** Marks every unread notification of the user read. */
export async function markAllNotificationsRead(ctx: AppContext, username: string): Promise<{ updated: number }> {
  const userId = await userIdOf(ctx, username);
  const res = await ctx.database.raw.query<{ id: string }>(
    "UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id",
    [userId, ctx.now()],
  );
  return { updated: res.rows.length };
}
