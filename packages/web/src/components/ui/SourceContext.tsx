/**
 * The selected data source (`/sources` code), shared by overview, map and trends.
 * Defaults to the source of the user's own jurisdiction, else the first non-simulated source
 * (`defaultSourceFor`); an explicit choice in the switch is kept in sessionStorage for the tab and wins.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { useMe } from "../../api/auth.js";
import { useSites, useSources } from "../../api/monitoring.js";
import { defaultSourceFor } from "./default-source.js";

const STORAGE_KEY = "tracewater.source";

interface SourceState {
  source: string | undefined;
  setSource: (code: string) => void;
}

const SourceContext = createContext<SourceState>({ source: undefined, setSource: () => {} });

export function SourceProvider({ children }: { children: ReactNode }) {
  const { data: sources } = useSources();
  const me = useMe();
  // every site the user may list (the server scopes `/sites` to the user's jurisdiction + sites without one)
  const allSites = useSites(undefined);
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
    // wait for the user and their sites (a failed site list falls back to the general default)
    if (me.isPending || allSites.isPending) return;
    setSourceState(defaultSourceFor(sources, me.data?.jurisdictionCode, allSites.data));
  }, [sources, source, me.isPending, me.data, allSites.isPending, allSites.data]);
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
