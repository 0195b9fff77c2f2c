/**
 * ECharts parts used only by the early-warning screens (registered on the shared `echarts/core` instance when
 * these lazily loaded pages are imported, so the other pages' bundle stays as it was): the `tree` series of the
 * network diagram and the mark area / mark point components of the explanation chart.
 */
import { TreeChart } from "echarts/charts";
import { MarkAreaComponent, MarkPointComponent } from "echarts/components";
import { echarts } from "../../components/charts/echarts.js";

echarts.use([TreeChart, MarkAreaComponent, MarkPointComponent]);

export { echarts };
