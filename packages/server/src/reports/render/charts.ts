/**
 * Server-side charts of the report: the chart model → ECharts option → SVG (ECharts server-side rendering,
 * `renderToSVGString`, no DOM, animation off) → PNG (`@resvg/resvg-js`, with the bundled CJK font only; system
 * fonts are not loaded, so the image is the same on every machine) → opaque RGB PNG (pngjs).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { ReportChart } from "@tracewater/contract";
import * as echarts from "echarts";
import { PNG } from "pngjs";
import { BUNDLED_DATA_DIR } from "../../services/paths.js";
import { FONT_BOLD, FONT_FAMILY, FONT_REGULAR } from "./fonts.js";

/** Chart size in CSS pixels (the PNG is rendered at {@link CHART_SCALE}× for print). */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;
export const CHART_SCALE = 2;

/** Colour-blind-safe categorical palette (Okabe & Ito 2008, "Color Universal Design"). */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
/** Sequential map ramp (ColorBrewer OrRd, 5 classes; Brewer 2003). */
const MAP_RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];

const registeredMaps = new Set<string>();

function ensureMap(name: string): void {
  if (registeredMaps.has(name)) return;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad geo name ${name}`);
  const geo = JSON.parse(readFileSync(path.join(BUNDLED_DATA_DIR, "geo", `${name}.geojson`), "utf8"));
  echarts.registerMap(name, geo);
  registeredMaps.add(name);
}

function optionOf(chart: ReportChart): echarts.EChartsCoreOption {
  const text = { fontFamily: FONT_FAMILY, fontSize: 12, color: "#222" };
  const base = { animation: false, textStyle: text, color: PALETTE, backgroundColor: "#ffffff" };
  if (chart.kind === "map") {
    const values = chart.series[0]?.values ?? [];
    const present = values.filter((v): v is number => v !== null);
    return {
      ...base,
      visualMap: {
        min: present.length ? Math.min(...present) : 0,
        max: present.length ? Math.max(...present) : 1,
        calculable: false,
        inRange: { color: MAP_RAMP },
        text: present.length
          ? [`高 ${Math.max(...present).toFixed(2)}`, `低 ${Math.min(...present).toFixed(2)}`]
          : ["高", "低"],
        left: 10,
        bottom: 10,
        textStyle: text,
      },
      series: [
        {
          type: "map",
          map: chart.geo,
          roam: false,
          label: { show: true, fontFamily: FONT_FAMILY, fontSize: 10 },
          itemStyle: { borderColor: "#555", borderWidth: 0.8, areaColor: "#eeeeee" },
          data: chart.categories.map((name, i) => ({ name, value: values[i] ?? null })),
        },
      ],
    };
  }
  const isLine = chart.kind === "line";
  const positive = chart.series.every((s) => s.values.every((v) => v === null || v > 0));
  return {
    ...base,
    grid: { left: 70, right: 20, top: chart.series.length > 1 ? 50 : 20, bottom: isLine ? 40 : 90 },
    legend: chart.series.length > 1 ? { top: 5, textStyle: text } : undefined,
    xAxis: {
      type: "category",
      data: chart.categories,
      axisLabel: { fontFamily: FONT_FAMILY, interval: 0, rotate: isLine ? 0 : 40 },
    },
    yAxis: {
      type: isLine && positive ? "log" : "value",
      name: chart.unit,
      nameTextStyle: text,
      axisLabel: { fontFamily: FONT_FAMILY },
    },
    series: chart.series.map((s) => ({
      type: chart.kind,
      name: s.name,
      data: s.values,
      connectNulls: false,
      ...(isLine
        ? { symbolSize: 6 }
        : {
            label: {
              show: true,
              position: "top",
              fontSize: 10,
              fontFamily: FONT_FAMILY,
              formatter: (p: { value: unknown }) => (typeof p.value === "number" ? p.value.toFixed(2) : ""),
            },
          }),
    })),
  };
}

/** The chart as an SVG string (ECharts SSR). */
export function chartSvg(chart: ReportChart): string {
  if (chart.kind === "map" && chart.geo) ensureMap(chart.geo);
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    instance.setOption(optionOf(chart));
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

/** The chart as PNG bytes ({@link CHART_WIDTH}×{@link CHART_HEIGHT} at {@link CHART_SCALE}×). */
export function chartPng(chart: ReportChart): Buffer {
  const svg = chartSvg(chart);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    background: "#ffffff",
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_REGULAR, FONT_BOLD],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  const image = resvg.render();
  // opaque RGB (colour type 2): pdfkit embeds an RGB PNG synchronously, while an alpha channel is split off
  // asynchronously and the order of the image objects in the file would then vary from run to run
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 2,
    inputColorType: 6,
    bgColor: { red: 255, green: 255, blue: 255 },
  });
  png.data = Buffer.from(image.pixels);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6, inputHasAlpha: true });
}
