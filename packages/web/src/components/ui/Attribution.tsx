import { Typography } from "antd";
import { useTranslation } from "react-i18next";

/** Required acknowledgement wherever EUDA data is shown (data/euda-esdm-2025/PROVENANCE.md). */
export function Attribution() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" data-testid="euda-attribution" style={{ fontSize: 12 }}>
      {t("attribution.euda")}
    </Typography.Text>
  );
}
