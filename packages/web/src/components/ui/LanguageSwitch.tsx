import { Segmented } from "antd";
import { type Language, setLanguage } from "../../i18n/index.js";
import { useLanguage } from "./hooks.js";

/** 中文 / English switch (persisted in localStorage). Labels are the languages' own names. */
export function LanguageSwitch() {
  const language = useLanguage();
  return (
    <Segmented<Language>
      data-testid="language-switch"
      size="small"
      value={language}
      onChange={(value) => setLanguage(value)}
      options={[
        { value: "zh-CN", label: "中文" },
        { value: "en", label: "English" },
      ]}
    />
  );
}
