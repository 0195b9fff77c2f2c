import { Typography } from "antd";
import { useTranslation } from "react-i18next";

export type UnitKey = "pnl" | "concentration" | "flow" | "load" | "population";

/** Unit label (mg/天/千人, ng/L, m³/天 …) from the i18n files. */
export function Unit({ unit }: { unit: UnitKey }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t(`units.${unit}`)}
    </Typography.Text>
  );
}
