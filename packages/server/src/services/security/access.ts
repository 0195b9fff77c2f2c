/**
 * Storage side of route-level access control (issue #3; docs/domain.md SEC-05): the actor of a session, the
 * jurisdiction of the data a request touches (a site, a measurement's site), and the jurisdiction codes of an
 * {@link AccessScope} for list filters. The decisions themselves are `security/policy.ts` `decide()` and
 * `security/scope.ts` `scopeFor()`.
 *
 * Rule for data without a jurisdiction: a site whose `jurisdiction_code` is NULL (the public EUDA/SCORE reference
 * data) is readable by every role holding the capability, whatever its jurisdiction. A site whose code is not in the
 * jurisdiction tree is in nobody's scope (deny by default) until the tree is completed.
 */
import type { ImportScope } from "../../imports/import-scope.js";
import type { Actor, Grant } from "../../security/policy.js";
import type { Action } from "../../security/roles.js";
import type { AccessScope } from "../../security/scope.js";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { SiteScope } from "../monitoring/sites.js";
import { toPolicyRoles } from "./staff.js";

/**
 * The policy actor of a staff account by user name, in ONE query (it runs on every request of an action route):
 * roles, jurisdiction path, live grants, assigned cases — the same as `staff.ts` `loadActor`.
 * @throws NotFoundError
 */
export async function loadActorByUsername(ctx: AppContext, username: string): Promise<Actor & { username: string }> {
  const res = await ctx.database.raw.query<{
    id: string;
    username: string;
    roles: string[];
    path: string | null;
    grants: { id: string; path: string; actions: Action[]; expires_at: string }[] | string;
    cases: string[] | string;
  }>(
    `SELECT u.id, u.username, u.roles, j.path,
        COALESCE((SELECT json_agg(json_build_object('id', g.id, 'path', gj.path, 'actions', g.actions, 'expires_at', g.expires_at))
                    FROM access_grant g JOIN jurisdiction gj ON gj.code = g.jurisdiction_code
                   WHERE g.user_id = u.id AND g.revoked_at IS NULL AND g.expires_at > $2), '[]'::json) AS grants,
        COALESCE((SELECT json_agg(a.case_id) FROM case_assignment a WHERE a.user_id = u.id), '[]'::json) AS cases
       FROM app_user u LEFT JOIN staff_profile p ON p.user_id = u.id LEFT JOIN jurisdiction j ON j.code = p.jurisdiction_code
      WHERE u.username = $1`,
    [username, ctx.now()],
  );
  const u = res.rows[0];
  if (!u) throw new NotFoundError(`staff "${username}" not found`, "staff");
  const grants = typeof u.grants === "string" ? JSON.parse(u.grants) : u.grants;
  const cases = typeof u.cases === "string" ? JSON.parse(u.cases) : u.cases;
  return {
    id: u.id,
    username: u.username,
    roles: toPolicyRoles(u.roles),
    jurisdictionPath: u.path,
    grants: (grants as { id: string; path: string; actions: Action[]; expires_at: string }[]).map(
      (g): Grant => ({
        id: g.id,
        jurisdictionPath: g.path,
        actions: g.actions,
        expiresAt: new Date(g.expires_at),
        revokedAt: null,
      }),
    ),
    assignedCaseIds: new Set(cases as string[]),
  };
}

/**
 * Where a record sits: `null` = no jurisdiction (public reference data); otherwise its code path, or
 * `unknown:<code>` for a code missing from the tree (matches no scope).
 */
export type RecordJurisdiction = { jurisdictionPath: string | null };

async function pathOfCode(ctx: AppContext, code: string | null): Promise<RecordJurisdiction> {
  if (code === null) return { jurisdictionPath: null };
  const res = await ctx.database.raw.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [code]);
  return { jurisdictionPath: res.rows[0]?.path ?? `unknown:${code}` };
}

/** The jurisdiction of the site with `code`, or undefined when no such site exists (the route answers 404). */
export async function siteJurisdiction(ctx: AppContext, code: string): Promise<RecordJurisdiction | undefined> {
  const res = await ctx.database.raw.query<{ jurisdiction_code: string | null }>(
    "SELECT jurisdiction_code FROM site WHERE code = $1",
    [code],
  );
  const row = res.rows[0];
  return row ? pathOfCode(ctx, row.jurisdiction_code) : undefined;
}

/** The jurisdiction of the site of measurement `id`, or undefined when unknown. */
export async function measurementJurisdiction(ctx: AppContext, id: string): Promise<RecordJurisdiction | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const res = await ctx.database.raw.query<{ jurisdiction_code: string | null }>(
    "SELECT s.jurisdiction_code FROM measurement m JOIN site s ON s.id = m.site_id WHERE m.id = $1",
    [id],
  );
  const row = res.rows[0];
  return row ? pathOfCode(ctx, row.jurisdiction_code) : undefined;
}

/** Recent answers of {@link jurisdictionCodesIn} per context (the tree changes only by seed/CSV import). */
const codesMemo = new WeakMap<AppContext, Map<string, { at: number; codes: string[] }>>();
const CODES_TTL_MS = 5_000;

/**
 * The codes of every jurisdiction inside the scope's subtrees (for `SiteScope` list filters). Answers are reused
 * for 5 s: a jurisdiction added meanwhile is in nobody's list scope for that long (deny by default).
 */
export async function jurisdictionCodesIn(ctx: AppContext, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const key = paths.join("|");
  let memo = codesMemo.get(ctx);
  if (!memo) codesMemo.set(ctx, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && Date.now() - hit.at < CODES_TTL_MS) return hit.codes;
  const codes = await queryCodesIn(ctx, paths);
  if (memo.size > 1000) memo.clear();
  memo.set(key, { at: Date.now(), codes });
  return codes;
}

async function queryCodesIn(ctx: AppContext, paths: readonly string[]): Promise<string[]> {
  const res = await ctx.database.raw.query<{ code: string }>(
    `SELECT code FROM jurisdiction j
      WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) p(path) WHERE j.path = p.path OR starts_with(j.path, p.path || '/'))
      ORDER BY code`,
    [[...paths]],
  );
  return res.rows.map((r) => r.code);
}

/** The site filter of a scope: sites in its jurisdictions (and, always, sites without jurisdiction). */
export async function siteScopeOf(ctx: AppContext, scope: AccessScope): Promise<SiteScope> {
  return { jurisdictionCodes: await jurisdictionCodesIn(ctx, scope.paths) };
}

/**
 * The jurisdiction scope of an import (`imports/import-scope.ts`) for the actor's `monitoring.import` scope: the
 * codes in its subtrees, every code of the tree, and whether it reaches a root (may write reference sites).
 */
export async function importScopeOf(ctx: AppContext, scope: AccessScope): Promise<ImportScope> {
  const tree = await ctx.database.raw.query<{ code: string; path: string }>("SELECT code, path FROM jurisdiction");
  const roots = new Set(tree.rows.filter((r) => !r.path.includes("/")).map((r) => r.path));
  return {
    jurisdictionCodes: new Set(await queryCodesIn(ctx, scope.paths)),
    treeCodes: new Set(tree.rows.map((r) => r.code)),
    referenceData: scope.paths.some((p) => roots.has(p)),
  };
}
