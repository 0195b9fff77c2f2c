import { Select, Space, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useSources } from "../../api/monitoring.js";
import { useSourceName } from "./hooks.js";
import { useSelectedSource } from "./SourceContext.js";

/** Data-source selector (`GET /sources`); simulated sources are marked "模拟数据". */
export function SourceSelect() {
  const { t } = useTranslation();
  const { data, isLoading } = useSources();
  const { source, setSource } = useSelectedSource();
  const sourceName = useSourceName();
  return (
    <Space>
      <span>{t("common.source")}</span>
      <Select
        data-testid="source-select"
        style={{ minWidth: 260 }}
        loading={isLoading}
        value={source}
        onChange={setSource}
        options={(data ?? []).map((s) => ({
          value: s.code,
          label: (
            <Space size={4}>
              <span>{sourceName(s)}</span>
              <span style={{ color: "#888" }}>({t("common.siteCount", { count: s.sites })})</span>
              {s.simulated ? (
                <Tag color="orange" data-testid="simulated-tag">
                  {t("common.simulated")}
                </Tag>
              ) : null}
            </Space>
          ),
        }))}
      />
    </Space>
  );
}

/** A warning tag shown next to titles when the selected source is simulated. */
export function SimulatedBadge() {
  const { t } = useTranslation();
  const { data } = useSources();
  const { source } = useSelectedSource();
  const selected = data?.find((s) => s.code === source);
  if (!selected?.simulated) return null;
  return <Tag color="orange">{t("common.simulated")}</Tag>;
}
