import { type CSSProperties, useEffect, useRef } from "react";
import { CHART_FONT, type EChartsOption, echarts } from "./echarts.js";

export type ChartEventHandler = (params: { data?: unknown; name?: string; value?: unknown }) => void;

/**
 * Minimal React wrapper around an ECharts instance: init on mount, `setOption(option, notMerge)` on change,
 * resize with the container, dispose on unmount.
 */
export function EChart({
  option,
  height = 360,
  style,
  testId,
  onClick,
}: {
  option: EChartsOption;
  height?: number | string;
  style?: CSSProperties;
  testId?: string;
  onClick?: ChartEventHandler;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const clickHandler = useRef<ChartEventHandler | undefined>(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    instance.on("click", (params) => clickHandler.current?.(params as Parameters<ChartEventHandler>[0]));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: CHART_FONT }, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} data-testid={testId} style={{ width: "100%", height, ...style }} />;
}
