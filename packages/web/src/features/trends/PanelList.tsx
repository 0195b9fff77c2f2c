import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Site } from "../../api/types.js";

/** The sites of the trend panel, each linking to its site page. */
export function PanelList({ panel, sites }: { panel: string[]; sites: Map<string, Site> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="trend-panel">
      <Typography.Text type="secondary">{t("trends.panelCount", { count: panel.length })}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        {panel.map((code) => {
          const site = sites.get(code);
          return (
            <Tag key={code} style={{ marginBottom: 6 }}>
              <Link to={`/sites/${encodeURIComponent(code)}`}>
                {code}
                {site ? ` ${site.city ?? site.name}` : ""}
              </Link>
            </Tag>
          );
        })}
      </div>
    </div>
  );
}
