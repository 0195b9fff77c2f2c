import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { ChangeClass } from "../../api/types.js";

const COLORS: Record<ChangeClass, string> = {
  increase: "red",
  decrease: "green",
  stable: "blue",
  "no-previous-data": "default",
};

/** Year-on-year class (±10 % stable band) as a coloured tag. */
export function ClassTag({ value }: { value: ChangeClass }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[value]}>{t(`classes.${value}`)}</Tag>;
}
