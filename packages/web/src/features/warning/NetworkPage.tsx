import { Card, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { NetworkDiagram } from "./NetworkDiagram.js";

/** `/network/:site?alert=ID` — the sewer tree containing a site, with an alert's trace plan when given. */
export default function NetworkPage() {
  const { site = "" } = useParams();
  const [params] = useSearchParams();
  const alertId = params.get("alert") ?? undefined;
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="network-page">
      {alertId ? <Link to={`/alerts/${encodeURIComponent(alertId)}`}>← {t("warning.network.backToAlert")}</Link> : null}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("warning.network.title")} · {site}
      </Typography.Title>
      <Card size="small">
        <NetworkDiagram site={site} alertId={alertId} />
      </Card>
    </Space>
  );
}
