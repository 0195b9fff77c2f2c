import { type Alert, type AlertStatus, DetectorName, type WarningLevel } from "@tracewater/contract";
import { App, Button, Card, DatePicker, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAnalytes, useSources } from "../../api/monitoring.js";
import { useAlerts, useRunDetection } from "../../api/warning.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";
import { formatNumber } from "../../components/ui/format.js";
import { useAnalyteName, useLanguage, useSourceName } from "../../components/ui/hooks.js";
import { AlertMap } from "./AlertMap.js";
import { ALERT_STATUSES, alertsInDateRange, LEVELS, levelRank } from "./model.js";
import { AlertStatusTag, LevelTag } from "./Tags.js";

/** Filters kept in the URL (`/alerts?status=new&level=red…`) so a filtered inbox can be linked. */
const FILTER_KEYS = ["status", "level", "detector", "site", "analyte", "source", "from", "to"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** 预警 inbox: filters, the alert list with level tags, a map of the alerting sites; row → alert detail. */
export default function AlertsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const language = useLanguage();
  const analyteName = useAnalyteName();
  const sourceName = useSourceName();
  const [params, setParams] = useSearchParams();
  const get = (key: FilterKey) => params.get(key) ?? undefined;
  const set = (key: FilterKey, value: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filter = {
    status: get("status"),
    level: get("level"),
    detector: get("detector"),
    site: get("site"),
    analyte: get("analyte"),
    source: get("source"),
    from: get("from"),
  };
  const alerts = useAlerts(filter);
  const sources = useSources();
  const analytes = useAnalytes();
  const detect = useRunDetection();
  const [tab, setTab] = useState("list");

  // the API filters `from` itself; `to` (no server filter) is applied to the loaded pages
  const from = get("from") ?? null;
  const to = get("to") ?? null;
  const rows = useMemo(
    () =>
      alertsInDateRange(alerts.data ?? [], from, to).sort(
        (a, b) => b.date.localeCompare(a.date) || levelRank(b.level) - levelRank(a.level),
      ),
    [alerts.data, from, to],
  );
  const siteOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of alerts.data ?? []) seen.set(a.site, a.siteName);
    return [...seen].sort().map(([code, name]) => ({ value: code, label: `${name} (${code})` }));
  }, [alerts.data]);

  const counts = useMemo(() => {
    const c: Record<WarningLevel, number> = { blue: 0, yellow: 0, orange: 0, red: 0 };
    for (const a of rows) c[a.level]++;
    return c;
  }, [rows]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="alerts-page">
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("warning.alerts.title")}
        </Typography.Title>
        <Space wrap>
          {LEVELS.slice()
            .reverse()
            .map((level) => (
              <Space key={level} size={2}>
                <LevelTag level={level} />
                <span data-testid={`count-${level}`}>{counts[level]}</span>
              </Space>
            ))}
          <Button
            data-testid="run-detection"
            loading={detect.isPending}
            onClick={() =>
              detect.mutate(undefined, {
                onSuccess: (r) =>
                  void message.success(
                    t("warning.alerts.detectDone", {
                      created: r.alertsCreated,
                      appended: r.evidenceAppended,
                      series: r.series,
                    }),
                  ),
                onError: (e) => void message.error(e.message),
              })
            }
          >
            {t("warning.alerts.runDetection")}
          </Button>
        </Space>
      </Space>
      <Card size="small" data-testid="alert-filters">
        <Space wrap>
          <Select
            allowClear
            data-testid="filter-status"
            style={{ width: 130 }}
            placeholder={t("warning.fields.status")}
            value={get("status")}
            onChange={(v) => set("status", v)}
            options={ALERT_STATUSES.map((s: AlertStatus) => ({ value: s, label: t(`warning.alertStatus.${s}`) }))}
          />
          <Select
            allowClear
            data-testid="filter-level"
            style={{ width: 130 }}
            placeholder={t("warning.fields.level")}
            value={get("level")}
            onChange={(v) => set("level", v)}
            options={LEVELS.map((l) => ({ value: l, label: <LevelTag level={l} /> }))}
          />
          <Select
            allowClear
            data-testid="filter-detector"
            style={{ width: 200 }}
            placeholder={t("warning.fields.detector")}
            value={get("detector")}
            onChange={(v) => set("detector", v)}
            options={DetectorName.options.map((d) => ({ value: d, label: t(`warning.detector.${d}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            data-testid="filter-site"
            style={{ width: 260 }}
            placeholder={t("warning.fields.site")}
            value={get("site")}
            onChange={(v) => set("site", v)}
            options={siteOptions}
          />
          <Select
            allowClear
            data-testid="filter-analyte"
            style={{ width: 180 }}
            placeholder={t("common.analyte")}
            value={get("analyte")}
            onChange={(v) => set("analyte", v)}
            options={(analytes.data ?? []).map((a) => ({ value: a.code, label: analyteName(a.code) }))}
          />
          <Select
            allowClear
            data-testid="filter-source"
            style={{ width: 220 }}
            placeholder={t("common.source")}
            value={get("source")}
            onChange={(v) => set("source", v)}
            options={(sources.data ?? []).map((s) => ({ value: s.code, label: sourceName(s) }))}
          />
          <DatePicker.RangePicker
            data-testid="filter-dates"
            allowEmpty={[true, true]}
            placeholder={[t("warning.fields.from"), t("warning.fields.to")]}
            onChange={(_, texts) => {
              const next = new URLSearchParams(params);
              for (const [key, text] of [
                ["from", texts?.[0]],
                ["to", texts?.[1]],
              ] as const) {
                if (text) next.set(key, text);
                else next.delete(key);
              }
              setParams(next, { replace: true });
            }}
          />
        </Space>
      </Card>
      {alerts.error ? <ErrorAlert error={alerts.error} /> : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: "list",
            label: t("warning.alerts.list", { count: rows.length }),
            children: (
              <Table<Alert>
                data-testid="alerts-table"
                rowKey="id"
                size="small"
                loading={alerts.isPending}
                dataSource={rows}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                onRow={(a) => ({
                  "data-testid": `alert-row-${a.id}`,
                  style: { cursor: "pointer" },
                  onClick: () => navigate(`/alerts/${encodeURIComponent(a.id)}`),
                })}
                columns={[
                  {
                    title: t("warning.fields.level"),
                    dataIndex: "level",
                    width: 80,
                    render: (l: WarningLevel) => <LevelTag level={l} />,
                  },
                  { title: t("warning.fields.date"), dataIndex: "date", width: 110 },
                  {
                    title: t("warning.fields.site"),
                    dataIndex: "siteName",
                    render: (_: string, a) => (
                      <Space size={4}>
                        <Link to={`/alerts/${encodeURIComponent(a.id)}`} onClick={(e) => e.stopPropagation()}>
                          {a.siteName}
                        </Link>
                        <Typography.Text type="secondary">{a.site}</Typography.Text>
                        {a.simulated ? <Tag color="orange">{t("common.simulated")}</Tag> : null}
                      </Space>
                    ),
                  },
                  { title: t("common.analyte"), dataIndex: "analyte", render: (code: string) => analyteName(code) },
                  {
                    title: t("warning.fields.detector"),
                    dataIndex: "detector",
                    render: (d: DetectorName) => t(`warning.detector.${d}`),
                  },
                  {
                    title: t("warning.fields.score"),
                    dataIndex: "score",
                    align: "right",
                    render: (s: number, a) => `${formatNumber(s, 2, language)} ${a.explanation.scoreLabel}`,
                  },
                  { title: t("warning.fields.evidence"), dataIndex: "evidenceCount", align: "right", width: 90 },
                  {
                    title: t("warning.fields.status"),
                    dataIndex: "status",
                    width: 100,
                    render: (s: AlertStatus) => <AlertStatusTag status={s} />,
                  },
                ]}
              />
            ),
          },
          {
            key: "map",
            label: t("warning.alerts.map"),
            children: tab === "map" ? <AlertMap alerts={rows} /> : null,
          },
        ]}
      />
    </Space>
  );
}
