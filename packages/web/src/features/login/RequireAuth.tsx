import { Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useMe } from "../../api/auth.js";
import { ErrorAlert } from "../../components/ui/ErrorAlert.js";

/**
 * Renders children only with a valid session whose password need not be changed and whose mandatory second
 * factor is enrolled; otherwise → /login (which shows the missing step).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) {
    return (
      <div style={{ padding: 48, textAlign: "center" }}>
        <Spin />
      </div>
    );
  }
  if (me.error) return <ErrorAlert error={me.error} />;
  if (!me.data || me.data.mustChangePassword || me.data.mustEnrolTotp) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}
