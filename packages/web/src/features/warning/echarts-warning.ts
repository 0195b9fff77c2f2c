/**
 * ECharts parts used only by the early-warning screens (registered on the shared `echarts/core` instance when
 * these lazily loaded pages are imported, so the other pages' bundle stays as it was): the `tree` series of the
 * network diagram, the mark area / mark point components of the explanation chart, and the `lines` series plus the
 * aria component (a generated text description of the chart on its element) and the label layout (`labelLayout`:
 * hide / move overlapping labels) of the trace map.
 */
import { LinesChart, TreeChart } from "echarts/charts";
import { AriaComponent, MarkAreaComponent, MarkPointComponent } from "echarts/components";
import { LabelLayout } from "echarts/features";
import { echarts } from "../../components/charts/echarts.js";

echarts.use([TreeChart, LinesChart, MarkAreaComponent, MarkPointComponent, AriaComponent, LabelLayout]);

export { echarts };
