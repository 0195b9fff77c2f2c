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
import type { Actor } from "../../security/policy.js";
import type { AccessScope } from "../../security/scope.js";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import type { SiteScope } from "../monitoring/sites.js";
import { loadActor } from "./staff.js";

/** The policy actor of a staff account by user name. @throws NotFoundError */
export async function loadActorByUsername(ctx: AppContext, username: string): Promise<Actor & { username: string }> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return loadActor(ctx, id);
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

/** The codes of every jurisdiction inside the scope's subtrees (for `SiteScope` list filters). */
export async function jurisdictionCodesIn(ctx: AppContext, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
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
