/**
 * `/api/v1/care/*`: closed-loop care of people (issue #6; services/care). Every handler resolves the caller's
 * policy actor (roles, jurisdiction, grants, assigned cases) and calls a care service, which decides with
 * `decide()`, minimises with `minimise()` and audits every read and write. Person reads need a purpose code.
 */
import { createRoute, z } from "@hono/zod-openapi";
import * as contract from "@tracewater/contract";
import type { Context } from "hono";
import { careCallerOf } from "../../services/care/access.js";
import { aggregates } from "../../services/care/aggregates.js";
import { createCase, getCaseFile, myCases, transitionCase } from "../../services/care/cases.js";
import { createPerson, getPerson, lookupPersonByIdNumber } from "../../services/care/persons.js";
import {
  addCampaignVisit,
  addWorkGroupMember,
  completeTask,
  confirmPoliceReport,
  recordEntry,
  recordLeaveReport,
  recordService,
  recordStage,
  recordTest,
  recordViolation,
} from "../../services/care/records.js";
import { assessRiskOfCase, decideRiskAssessment } from "../../services/care/risk.js";
import { setPersonSealed } from "../../services/care/sealing.js";
import { calendar, myTasks, overdueTasks } from "../../services/care/tasks.js";
import type { AppContext } from "../../services/index.js";
import type { AppEnv } from "../env.js";
import { clientAddressOf } from "../middleware/auth.js";
import { type App, authErrors, json, notFound } from "../openapi.js";

const tags = ["care"];
const named = <T extends z.ZodTypeAny>(s: T, id: string): T => s.meta({ id }) as T;
const C = {
  Person: named(contract.CarePerson, "CarePerson"),
  PersonCreate: named(contract.CarePersonCreate, "CarePersonCreate"),
  PersonLookup: named(contract.CarePersonLookup, "CarePersonLookup"),
  CaseCreate: named(contract.CareCaseCreate, "CareCaseCreate"),
  CaseFile: named(contract.CareCaseFile, "CareCaseFile"),
  CaseSummary: named(contract.CareCaseSummary, "CareCaseSummary"),
  Task: named(contract.CareTask, "CareTask"),
  Transition: named(contract.CareTransitionRequest, "CareTransitionRequest"),
  TestRecord: named(contract.CareTestRecord, "CareTestRecord"),
  Violation: named(contract.CareViolationCreate, "CareViolationCreate"),
  ViolationResult: named(contract.CareViolationResult, "CareViolationResult"),
  PoliceReport: named(contract.CarePoliceReportConfirm, "CarePoliceReportConfirm"),
  Leave: named(contract.CareLeaveReportCreate, "CareLeaveReportCreate"),
  Service: named(contract.CareServiceCreate, "CareServiceCreate"),
  Stage: named(contract.CareStageCreate, "CareStageCreate"),
  Aggregates: named(contract.CareAggregates, "CareAggregates"),
  Visit: named(contract.CareVisitCreate, "CareVisitCreate"),
  Entry: named(contract.CareEntryCreate, "CareEntryCreate"),
  TaskComplete: named(contract.CareTaskComplete, "CareTaskComplete"),
  WorkGroup: named(contract.CareWorkGroupMemberCreate, "CareWorkGroupMemberCreate"),
  RiskAssess: named(contract.CareRiskAssessRequest, "CareRiskAssessRequest"),
  Risk: named(contract.CareRiskAssessment, "CareRiskAssessment"),
  RiskDecision: named(contract.CareRiskDecisionRequest, "CareRiskDecisionRequest"),
  Seal: named(contract.CareSealRequest, "CareSealRequest"),
  SealResult: named(contract.CareSealResult, "CareSealResult"),
};
const IdParams = z.object({ id: z.string().min(1).max(64) });
const PurposeQuery = z.object({ purpose: contract.PurposeCode });
const problems = {
  ...authErrors,
  ...notFound,
  409: { description: "Conflict: illegal transition or state (problem `conflict`)." },
} as const;
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

async function callerOf(ctx: AppContext, c: Context<AppEnv>) {
  return careCallerOf(ctx, c.get("me").username, clientAddressOf(c));
}

export function registerCareRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/persons",
      tags,
      summary: "Register a person (identifiers encrypted)",
      request: body(C.PersonCreate),
      responses: { 201: json(C.Person, "The person as you may see it."), ...problems },
    }),
    async (c) => c.json(await createPerson(ctx, await callerOf(ctx, c), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/persons/lookup",
      tags,
      summary: "Find a person by ID number (blind index; purpose code required)",
      request: body(C.PersonLookup),
      responses: { 200: json(C.Person, "The person."), ...problems },
    }),
    async (c) => {
      const { idNumber, purpose } = c.req.valid("json");
      return c.json(await lookupPersonByIdNumber(ctx, await callerOf(ctx, c), idNumber, purpose), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/persons/{id}",
      tags,
      summary: "Read a person (purpose code required; audited)",
      request: { params: IdParams, query: PurposeQuery },
      responses: { 200: json(C.Person, "The person."), ...problems },
    }),
    async (c) =>
      c.json(await getPerson(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("query").purpose), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases",
      tags,
      summary: "Open a case from a decision (state ordered)",
      request: body(C.CaseCreate),
      responses: { 201: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => c.json(await createCase(ctx, await callerOf(ctx, c), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/cases/mine",
      tags,
      summary: "My cases (assigned, or in my jurisdiction)",
      responses: {
        200: json(z.object({ items: z.array(C.CaseSummary) }), "Cases, most overdue first."),
        ...authErrors,
      },
    }),
    async (c) => c.json({ items: await myCases(ctx, await callerOf(ctx, c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/cases/{id}",
      tags,
      summary: "The case file (一人一档; purpose code required; audited)",
      request: { params: IdParams, query: PurposeQuery },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) =>
      c.json(
        await getCaseFile(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("query").purpose),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/transitions",
      tags,
      summary: "Apply a legal-state event (core state machine; illegal → 409)",
      request: { params: IdParams, ...body(C.Transition) },
      responses: { 200: json(C.CaseFile, "The case file after the transition."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await transitionCase(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/tests",
      tags,
      summary: "Record a test (scheduled or ad hoc)",
      request: { params: IdParams, ...body(C.TestRecord) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await recordTest(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/violations",
      tags,
      summary: "Record a violation; answers the advisory police-report proposal",
      request: { params: IdParams, ...body(C.Violation) },
      responses: { 200: json(C.ViolationResult, "The case file and the proposal."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      const proposal = await recordViolation(ctx, caller, id, c.req.valid("json"));
      return c.json({ file: await getCaseFile(ctx, caller, id, `case:${id}`), proposal }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/police-reports",
      tags,
      summary: "Confirm the report to the police (a person confirms the rule's proposal)",
      request: { params: IdParams, ...body(C.PoliceReport) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await confirmPoliceReport(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/leave-reports",
      tags,
      summary: "Record a leave report (外出报告)",
      request: { params: IdParams, ...body(C.Leave) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await recordLeaveReport(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/services",
      tags,
      summary: "Record a service (平安关爱)",
      request: { params: IdParams, ...body(C.Service) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await recordService(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/stages",
      tags,
      summary: "Record stage progress (生理脱毒 → 身心康复 → 融入社会)",
      request: { params: IdParams, ...body(C.Stage) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await recordStage(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/visits",
      tags,
      summary: "Plan a grid visit of a care campaign (平安关爱) for a grid worker",
      request: { params: IdParams, ...body(C.Visit) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await addCampaignVisit(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/entries",
      tags,
      summary: "Record an interview, visit, periodic report or document (completes the matching obligation task)",
      request: { params: IdParams, ...body(C.Entry) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await recordEntry(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/tasks/{id}/complete",
      tags,
      summary: "Mark an open task of a case done",
      request: { params: IdParams, ...body(C.TaskComplete) },
      responses: { 204: { description: "Done." }, ...problems },
    }),
    async (c) => {
      await completeTask(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("json").note);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/work-group",
      tags,
      summary: "Add a member to the working group (戒毒条例 §17)",
      request: { params: IdParams, ...body(C.WorkGroup) },
      responses: { 200: json(C.CaseFile, "The case file."), ...problems },
    }),
    async (c) => {
      const caller = await callerOf(ctx, c);
      const { id } = c.req.valid("param");
      await addWorkGroupMember(ctx, caller, id, c.req.valid("json"));
      return c.json(await getCaseFile(ctx, caller, id, `case:${id}`), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/tasks/overdue",
      tags,
      summary: "Overdue tasks in my scope (supervision by the township/county lead), most overdue first",
      responses: { 200: json(z.object({ items: z.array(C.Task) }), "Overdue tasks."), ...authErrors },
    }),
    async (c) => c.json({ items: await overdueTasks(ctx, await callerOf(ctx, c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/tasks/mine",
      tags,
      summary: "My open tasks, overdue first (a grid worker sees kind, time and place only)",
      responses: { 200: json(z.object({ items: z.array(C.Task) }), "Tasks."), ...authErrors },
    }),
    async (c) => c.json({ items: await myTasks(ctx, await callerOf(ctx, c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/calendar",
      tags,
      summary: "My open tasks between two dates",
      request: { query: contract.CareCalendarQuery },
      responses: { 200: json(z.object({ items: z.array(C.Task) }), "Tasks by date."), ...authErrors },
    }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      return c.json({ items: await calendar(ctx, await callerOf(ctx, c), from, to) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/care/aggregates",
      tags,
      summary: "Leaders' aggregates by jurisdiction (small counts suppressed)",
      request: { query: contract.CareAggregatesQuery },
      responses: { 200: json(C.Aggregates, "Aggregates."), ...authErrors },
    }),
    async (c) => c.json(await aggregates(ctx, await callerOf(ctx, c), c.req.valid("query").jurisdiction), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/cases/{id}/risk-assessments",
      tags,
      summary: "Compute and store an advisory risk score (model version, contributing factors; changes nothing)",
      request: { params: IdParams, ...body(C.RiskAssess) },
      responses: { 201: json(C.Risk, "The pending assessment."), ...problems },
    }),
    async (c) =>
      c.json(await assessRiskOfCase(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/risk-assessments/{id}/decision",
      tags,
      summary: "Confirm or reject an advisory risk score (risk.confirm; only a confirmed grade changes the schedule)",
      request: { params: IdParams, ...body(C.RiskDecision) },
      responses: { 200: json(C.Risk, "The decided assessment."), ...problems },
    }),
    async (c) =>
      c.json(
        await decideRiskAssessment(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("json")),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/care/persons/{id}/seal",
      tags,
      summary: "Seal or unseal a person's record (治安管理处罚法 §136; reason audited)",
      request: { params: IdParams, ...body(C.Seal) },
      responses: { 200: json(C.SealResult, "The new state."), ...problems },
    }),
    async (c) =>
      c.json(await setPersonSealed(ctx, await callerOf(ctx, c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
