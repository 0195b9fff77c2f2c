/**
 * The selected data source (`/sources` code), shared by overview, map and trends.
 * Defaults to the first non-simulated source; kept in sessionStorage for the tab.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { useSources } from "../../api/monitoring.js";

const STORAGE_KEY = "tracewater.source";

interface SourceState {
  source: string | undefined;
  setSource: (code: string) => void;
}

const SourceContext = createContext<SourceState>({ source: undefined, setSource: () => {} });

export function SourceProvider({ children }: { children: ReactNode }) {
  const { data: sources } = useSources();
  const [source, setSourceState] = useState<string | undefined>(() => {
    try {
      return globalThis.sessionStorage?.getItem(STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  });
  useEffect(() => {
    if (!sources || sources.length === 0) return;
    if (source && sources.some((s) => s.code === source)) return;
    const preferred = sources.find((s) => !s.simulated && s.sites > 0) ?? sources[0];
    setSourceState(preferred?.code);
  }, [sources, source]);
  const value = useMemo<SourceState>(
    () => ({
      source,
      setSource: (code: string) => {
        setSourceState(code);
        try {
          globalThis.sessionStorage?.setItem(STORAGE_KEY, code);
        } catch {
          /* ignore */
        }
      },
    }),
    [source],
  );
  return <SourceContext.Provider value={value}>{children}</SourceContext.Provider>;
}

export function useSelectedSource(): SourceState {
  return useContext(SourceContext);
}
