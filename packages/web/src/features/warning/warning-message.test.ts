/**
 * Server texts of the warning workflow rendered from code + params in the UI language (warning-message.ts) with the
 * real i18n files (main files for the enum labels, warning-messages.*.json for the templates): the expected strings
 * are written out from those templates; rows without a code, a person's reason and unknown codes keep the stored
 * text.
 */
import type { Notification, StateChange, SupervisionOrder } from "@tracewater/contract";
import i18next, { type i18n } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import en from "../../i18n/en.json" with { type: "json" };
import warningMessagesEn from "../../i18n/warning-messages.en.json" with { type: "json" };
import warningMessagesZhCN from "../../i18n/warning-messages.zh-CN.json" with { type: "json" };
import zhCN from "../../i18n/zh-CN.json" with { type: "json" };
import { notificationText, priorBasisText, reasonText, supervisionReasonText } from "./warning-message.js";

async function i18nFor(lng: "en" | "zh-CN"): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng,
    resources: {
      en: { translation: { ...en, warningMessages: warningMessagesEn } },
      "zh-CN": { translation: { ...zhCN, warningMessages: warningMessagesZhCN } },
    },
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** As the server stores it (detect.ts): zh-CN title, English-ish body, code + params. */
const alertNotification: Pick<Notification, "title" | "body" | "code" | "params"> = {
  title: "红色预警 RB3 排口 methamphetamine",
  body: "robust-z: robust z = 7.25 on 2025-03-12 (red)",
  code: "alert-raised",
  params: {
    level: "red",
    site: "CZ-140403-RB3",
    siteName: "RB3 排口",
    analyte: "methamphetamine",
    detector: "robust-z",
    scoreLabel: "robust z",
    score: "7.25",
    date: "2025-03-12",
  },
};
const names = {
  analyte: (code: string) => (code === "methamphetamine" ? "Methamphetamine" : code),
  orgUnit: (code: string) => (code === "140403" ? "Luzhou" : code),
};

describe("warning messages from code + params", () => {
  let enI18n: i18n;
  let zhI18n: i18n;
  beforeAll(async () => {
    enI18n = await i18nFor("en");
    zhI18n = await i18nFor("zh-CN");
  });

  it("an alert notification: level and detector labels from the main files, analyte by name", () => {
    expect(notificationText(alertNotification, enI18n, names)).toEqual({
      title: "Red alert: RB3 排口 · Methamphetamine",
      body: "Robust z (day-of-week baseline): robust z = 7.25 on 2025-03-12",
    });
    expect(notificationText(alertNotification, zhI18n)).toEqual({
      title: "红色预警：RB3 排口 · methamphetamine",
      body: "稳健 z 分数（周内基线）：robust z = 7.25（样品日期 2025-03-12）",
    });
  });

  it("lead notifications: org units by name, outcome and status labels", () => {
    expect(
      notificationText(
        {
          title: "新线索: RB2 排查",
          body: "assigned to 140403 by city, deadline 2026-04-01",
          code: "lead-assigned",
          params: { title: "RB2 排查", orgUnit: "140403", by: "city", deadline: "2026-04-01" },
        },
        enI18n,
        names,
      ),
    ).toEqual({ title: "New lead: RB2 排查", body: "assigned to Luzhou by city, deadline 2026-04-01" });
    expect(
      notificationText(
        { title: "x", body: "y", code: "lead-reported", params: { title: "T", outcome: "case_filed", findings: "F" } },
        enI18n,
      ).body,
    ).toBe(`${en.warning.outcome.case_filed}: F`);
    expect(
      notificationText(
        {
          title: "x",
          body: "y",
          code: "lead-overdue",
          params: { title: "逾期线索", orgUnit: "140403", deadline: "2026-03-05", status: "in_progress" },
        },
        zhI18n,
      ),
    ).toEqual({
      title: "线索逾期：逾期线索",
      body: `交办给 140403 的线索“逾期线索”已逾期（期限 2026-03-05，状态：${zhCN.warning.leadStatus.in_progress}）`,
    });
  });

  it("falls back to the stored text: no code (older rows), an unknown code (newer server)", () => {
    const old = {
      title: "新线索: A",
      body: "assigned to 140403 by city, deadline 2026-04-01",
      code: null,
      params: null,
    };
    expect(notificationText(old, enI18n)).toEqual({ title: old.title, body: old.body });
    expect(notificationText({ ...alertNotification, code: "from-the-future" }, enI18n)).toEqual({
      title: alertNotification.title,
      body: alertNotification.body,
    });
  });

  it("state-change reasons: coded ones translated, a person's own reason as written", () => {
    const h = (p: Partial<StateChange>) => ({ reason: null, reasonCode: null, reasonParams: null, ...p });
    expect(
      reasonText(
        h({
          reason: "raised by ewma on 2025-03-12",
          reasonCode: "alert-raised",
          reasonParams: { detector: "ewma", date: "2025-03-12" },
        }),
        zhI18n,
      ),
    ).toBe("由EWMA 控制图于 2025-03-12 触发");
    expect(
      reasonText(
        h({
          reason: "reassigned 140403 → 140404; deadline 2026-04-10 → 2026-04-20",
          reasonCode: "lead-reassigned-deadline-changed",
          reasonParams: { from: "140403", to: "140404", deadlineFrom: "2026-04-10", deadlineTo: "2026-04-20" },
        }),
        zhI18n,
        names,
      ),
    ).toBe("转办：Luzhou → 140404；期限变更：2026-04-10 → 2026-04-20");
    expect(
      reasonText(
        h({ reason: "outcome: no_finding", reasonCode: "lead-outcome", reasonParams: { outcome: "no_finding" } }),
        enI18n,
      ),
    ).toBe(`outcome: ${en.warning.outcome.no_finding}`);
    expect(reasonText(h({ reason: "case handed over" }), zhI18n)).toBe("case handed over");
    expect(reasonText(h({}), enI18n)).toBeNull();
  });

  it("supervision order (督办) reasons: both languages from code + params, the stored sentence without a known code", () => {
    // as raiseSupervisionOrders stores it (leads.ts)
    const order: Pick<SupervisionOrder, "reason" | "reasonCode" | "reasonParams"> = {
      reason: 'lead "逾期线索" assigned to 140403 is overdue (deadline 2026-03-05, status in_progress)',
      reasonCode: "lead-overdue",
      reasonParams: { title: "逾期线索", orgUnit: "140403", deadline: "2026-03-05", status: "in_progress" },
    };
    expect(supervisionReasonText(order, zhI18n, names)).toBe(
      `交办给 Luzhou 的线索“逾期线索”已逾期（期限 2026-03-05，状态：${zhCN.warning.leadStatus.in_progress}）`,
    );
    expect(supervisionReasonText(order, enI18n, names)).toBe(
      `lead “逾期线索” assigned to Luzhou is overdue (deadline 2026-03-05, status: ${en.warning.leadStatus.in_progress})`,
    );
    expect(supervisionReasonText(order, enI18n)).toBe(
      `lead “逾期线索” assigned to 140403 is overdue (deadline 2026-03-05, status: ${en.warning.leadStatus.in_progress})`,
    );
    // rows written before migration 0019, and a code this web does not know
    expect(supervisionReasonText({ ...order, reasonCode: null, reasonParams: null }, zhI18n)).toBe(order.reason);
    expect(supervisionReasonText({ ...order, reasonCode: "from-the-future" }, enI18n)).toBe(order.reason);
  });

  it("the prior basis: the English template gives back the server's text (VENUE_PRIOR_PERSONS = 5000)", () => {
    const plan = {
      priorBasis: "own population + 5000 per venue outfall, × (1 + past alerts at the site)",
      priorBasisCode: "population-venues-past-alerts",
      priorBasisParams: { venuePersons: 5000 },
    };
    expect(priorBasisText(plan, enI18n)).toBe(plan.priorBasis);
    expect(priorBasisText(plan, zhI18n)).toBe("本点位服务人口 + 每个娱乐场所排口 5000 人，×（1 + 该点位既往预警次数）");
    expect(priorBasisText({ ...plan, priorBasisCode: "unknown" }, zhI18n)).toBe(plan.priorBasis);
  });
});
