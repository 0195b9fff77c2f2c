import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../services/auth/passwords.js";
import {
  isReusedPassword,
  lockMinutes,
  newTotpSecret,
  passwordProblems,
  totpUri,
  verifyTotp,
} from "./password-policy.js";

const codes = (pw: string, username?: string) => passwordProblems(pw, { username }).map((p) => p.code);

describe("password rules", () => {
  it("length ≥ 12 and 3 of 4 classes", () => {
    expect(codes("Short1!")).toEqual(["too-short"]);
    expect(codes("alllowercaseletters")).toEqual(["too-simple"]);
    expect(codes("lowerUPPERonly")).toEqual(["too-simple"]);
    expect(codes("lowerUPPER1234")).toEqual([]);
    expect(codes("lower-case-1234")).toEqual([]);
    expect(codes("长治市禁毒办公室2026ab")).toEqual([]); // CJK counts as "other"
    expect(codes("abc")).toEqual(["too-short", "too-simple"]);
  });

  it("must not contain the username", () => {
    expect(codes("Alice-2026-spring", "alice")).toEqual(["contains-username"]);
  });

  it("rejects reuse of one of the last five passwords (argon2id hashes)", async () => {
    const hashes = await Promise.all(
      ["Pw-one-111111", "Pw-two-222222", "Pw-three-33333", "Pw-four-444444", "Pw-five-555555", "Pw-six-6666666"].map(
        hashPassword,
      ),
    );
    expect(await isReusedPassword("Pw-three-33333", hashes)).toBe(true);
    expect(await isReusedPassword("Pw-never-used-9", hashes)).toBe(false);
    // only the five newest are kept: the sixth is allowed again
    expect(await isReusedPassword("Pw-six-6666666", hashes)).toBe(false);
  }, 30_000);
});

describe("TOTP (RFC 6238 Appendix B test vectors)", () => {
  const ascii = (s: string) => new TextEncoder().encode(s);
  const sha1 = ascii("12345678901234567890");
  const sha256 = ascii("12345678901234567890123456789012");
  const sha512 = ascii("1234567890123456789012345678901234567890123456789012345678901234");
  const vectors: [number, string, string, string][] = [
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1111111111, "14050471", "67062674", "99943326"],
    [1234567890, "89005924", "91819424", "93441116"],
    [2000000000, "69279037", "90698825", "38618901"],
    [20000000000, "65353130", "77737706", "47863826"],
  ];
  for (const [t, c1, c256, c512] of vectors) {
    it(`T = ${t}`, async () => {
      const now = new Date(t * 1000);
      for (const [secret, code, algorithm] of [
        [sha1, c1, "sha1"],
        [sha256, c256, "sha256"],
        [sha512, c512, "sha512"],
      ] as const) {
        expect(await generate({ secret, algorithm, digits: 8, epoch: t })).toBe(code);
        expect(await verifyTotp(secret, code, { now, digits: 8, algorithm })).toMatchObject({
          valid: true,
          timeStep: Math.floor(t / 30),
        });
      }
    });
  }

  it("accepts one step of drift, rejects two, rejects replays and malformed codes", async () => {
    const t = 1111111111;
    const code = "14050471"; // valid in step 37037037
    expect((await verifyTotp(sha1, code, { now: new Date((t + 30) * 1000), digits: 8 })).valid).toBe(true);
    expect((await verifyTotp(sha1, code, { now: new Date((t + 61) * 1000), digits: 8 })).valid).toBe(false);
    expect((await verifyTotp(sha1, code, { now: new Date(t * 1000), digits: 8, lastTimeStep: 37037037 })).valid).toBe(
      false,
    );
    expect((await verifyTotp(sha1, "1405047", { now: new Date(t * 1000), digits: 8 })).valid).toBe(false);
    expect((await verifyTotp(sha1, "abcdefgh", { now: new Date(t * 1000), digits: 8 })).valid).toBe(false);
  });

  it("new secrets are 160-bit base32 and round-trip through generate/verify with the defaults (6 digits, SHA-1)", async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const now = new Date("2026-03-01T08:00:00Z");
    const code = await generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
    expect(code).toMatch(/^\d{6}$/);
    expect(await verifyTotp(secret, code, { now })).toMatchObject({ valid: true });
    expect(totpUri(secret, "alice")).toBe(`otpauth://totp/Tracewater:alice?secret=${secret}&issuer=Tracewater`);
  });
});

describe("lockout back-off", () => {
  it("doubles from 15 min and caps at 24 h", () => {
    expect([1, 2, 3, 4].map((n) => lockMinutes(n))).toEqual([15, 30, 60, 120]);
    expect(lockMinutes(8)).toBe(1440); // 15 × 128 = 1920 → capped
    expect(lockMinutes(1000)).toBe(1440);
    expect(lockMinutes(2, 5)).toBe(10);
  });
});
