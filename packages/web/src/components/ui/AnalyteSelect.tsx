import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { useAnalyteName } from "./hooks.js";

/** Analyte selector over the given codes (names from `/analytes` in the current language). */
export function AnalyteSelect({
  codes,
  value,
  onChange,
  testId = "analyte-select",
}: {
  codes: string[];
  value: string | undefined;
  onChange: (code: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const analyteName = useAnalyteName();
  return (
    <Select
      data-testid={testId}
      style={{ minWidth: 200 }}
      placeholder={t("common.analyte")}
      value={value}
      onChange={onChange}
      options={codes.map((code) => ({ value: code, label: analyteName(code) }))}
    />
  );
}
