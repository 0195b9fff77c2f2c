import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.js";

/** Shows an API/network error with its problem code. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      title={t("common.loadError")}
      description={code ? `${message} (${code})` : message}
    />
  );
}
