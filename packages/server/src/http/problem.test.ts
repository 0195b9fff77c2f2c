import { Problem } from "@tracewater/contract";
import { ScienceInputError } from "@tracewater/core";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AuthError, ConflictError, InvalidInputError, NotFoundError } from "../services/errors.js";
import { toProblem } from "./problem.js";

describe("toProblem (the one error mapping)", () => {
  const cases: [string, unknown, number, string][] = [
    ["NotFoundError", new NotFoundError("unknown site code: X", "site"), 404, "not-found"],
    ["InvalidInputError (parameters)", new InvalidInputError("bad year"), 400, "invalid-input"],
    ["AuthError bad-credentials", new AuthError("bad-credentials"), 401, "bad-credentials"],
    ["AuthError locked", new AuthError("locked"), 423, "locked"],
    ["AuthError session-expired", new AuthError("session-expired"), 401, "session-expired"],
    ["ConflictError", new ConflictError("busy"), 409, "conflict"],
    ["ScienceInputError", new ScienceInputError("flowM3PerDay", -1, "a finite number ≥ 0"), 400, "invalid-input"],
    ["HTTPException 413", new HTTPException(413, { message: "too big" }), 413, "payload-too-large"],
    ["unknown error", new Error("secret database detail"), 500, "internal"],
  ];
  it.each(cases)("%s → %i %s, a valid contract Problem", (_name, err, status, code) => {
    const p = toProblem(err);
    expect(p.status).toBe(status);
    expect(p.code).toBe(code);
    expect(p.type).toBe(`/problems/${code}`);
    expect(Problem.parse(p)).toMatchObject({ status, code });
  });

  it("does not leak the message of an unexpected error", () => {
    expect(JSON.stringify(toProblem(new Error("secret database detail")))).not.toContain("secret");
  });

  it("lists zod issues as errors[] with dotted paths", () => {
    const r = z.object({ limit: z.number().max(1000) }).safeParse({ limit: 5000 });
    const p = toProblem(r.error);
    expect(p).toMatchObject({ status: 400, code: "validation" });
    expect(p.errors).toEqual([expect.objectContaining({ path: "limit", code: "too_big" })]);
  });

  it("maps a rejected file (errors naming the file, or a report) to 422 import-rejected", () => {
    const errors = [{ file: "a.csv", row: 3, column: "浓度", value: "abc", message: "expected a number" }];
    expect(toProblem(new InvalidInputError("a.csv: 1 error", errors))).toMatchObject({
      status: 422,
      code: "import-rejected",
      errors,
    });
    const withReport = toProblem(new InvalidInputError("a.csv: 1 error", errors, { status: "rejected" }));
    expect(withReport).toMatchObject({ status: 422, code: "import-rejected", report: { status: "rejected" } });
    const cursor = [{ file: "", row: null, column: "cursor", value: "x", message: "bad cursor" }];
    expect(toProblem(new InvalidInputError("invalid cursor", cursor))).toMatchObject({
      status: 400,
      code: "invalid-input",
    });
  });
});

describe("toProblem: permission denials carry the policy reason (issue #3)", () => {
  it("PermissionDeniedError with a reason → 403 forbidden with `reason`; without → no reason", async () => {
    const { PermissionDeniedError } = await import("../services/security/staff.js");
    const p = toProblem(new PermissionDeniedError("person.read", "person.read needs a purpose code", "purpose-required"));
    expect(p).toMatchObject({ status: 403, code: "forbidden", reason: "purpose-required" });
    expect(toProblem(new PermissionDeniedError("person.read", "denied"))).not.toHaveProperty("reason");
  });
});
