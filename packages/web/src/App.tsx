import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { lazy, Suspense, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { ApiError } from "./api/client.js";
import { queryKeys } from "./api/keys.js";
import { AppLayout } from "./components/ui/AppLayout.js";
import { useLanguage } from "./components/ui/hooks.js";
import { SourceProvider } from "./components/ui/SourceContext.js";
import { LoginPage } from "./features/login/LoginPage.js";
import { RequireAuth } from "./features/login/RequireAuth.js";

const OverviewPage = lazy(() => import("./features/overview/OverviewPage.js"));
const MapPage = lazy(() => import("./features/map/MapPage.js"));
const SitePage = lazy(() => import("./features/site/SitePage.js"));
const TrendsPage = lazy(() => import("./features/trends/TrendsPage.js"));
const ImportPage = lazy(() => import("./features/imports/ImportPage.js"));
const AlertsPage = lazy(() => import("./features/warning/AlertsPage.js"));
const AlertDetailPage = lazy(() => import("./features/warning/AlertDetailPage.js"));
const LeadsPage = lazy(() => import("./features/warning/LeadsPage.js"));
const LeadDetailPage = lazy(() => import("./features/warning/LeadDetailPage.js"));
const InboxPage = lazy(() => import("./features/warning/InboxPage.js"));
const NetworkPage = lazy(() => import("./features/warning/NetworkPage.js"));
const AssessmentPage = lazy(() => import("./features/assessment/AssessmentPage.js"));
const CarePage = lazy(() => import("./features/care/CarePage.js"));
const CaseFilePage = lazy(() => import("./features/care/CaseFilePage.js"));
const AggregatesPage = lazy(() => import("./features/care/AggregatesPage.js"));
const ReportsPage = lazy(() => import("./features/reports/ReportsPage.js"));
const AdminPage = lazy(() => import("./features/admin/AdminPage.js"));

/** System font stack incl. CJK fonts; nothing is loaded from the internet. */
const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif';

function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // A 401 on any query means the session ended (idle/absolute timeout): back to the login page.
        if (error instanceof ApiError && error.status === 401) client.setQueryData(queryKeys.me, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
  return client;
}

function Localised({ children }: { children: React.ReactNode }) {
  const language = useLanguage();
  return (
    <ConfigProvider
      locale={language === "en" ? enUS : zhCN}
      theme={{ token: { fontFamily: FONT_FAMILY } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

const fallback = (
  <div style={{ padding: 48, textAlign: "center" }}>
    <Spin />
  </div>
);

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Localised>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireAuth>
                  <SourceProvider>
                    <AppLayout />
                  </SourceProvider>
                </RequireAuth>
              }
            >
              <Route
                index
                element={
                  <Suspense fallback={fallback}>
                    <OverviewPage />
                  </Suspense>
                }
              />
              <Route
                path="map"
                element={
                  <Suspense fallback={fallback}>
                    <MapPage />
                  </Suspense>
                }
              />
              <Route
                path="sites/:code"
                element={
                  <Suspense fallback={fallback}>
                    <SitePage />
                  </Suspense>
                }
              />
              <Route
                path="trends"
                element={
                  <Suspense fallback={fallback}>
                    <TrendsPage />
                  </Suspense>
                }
              />
              <Route
                path="imports"
                element={
                  <Suspense fallback={fallback}>
                    <ImportPage />
                  </Suspense>
                }
              />
              {(
                [
                  ["alerts", AlertsPage],
                  ["alerts/:id", AlertDetailPage],
                  ["leads", LeadsPage],
                  ["leads/:id", LeadDetailPage],
                  ["inbox", InboxPage],
                  ["network/:site", NetworkPage],
                  ["assessment", AssessmentPage],
                  ["care", CarePage],
                  ["care/cases/:id", CaseFilePage],
                  ["care-stats", AggregatesPage],
                  ["reports", ReportsPage],
                  ["admin", AdminPage],
                ] as const
              ).map(([path, Page]) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <Suspense fallback={fallback}>
                      <Page />
                    </Suspense>
                  }
                />
              ))}
              <Route path="*" element={<Navigate to="/" replace />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Localised>
    </QueryClientProvider>
  );
}
