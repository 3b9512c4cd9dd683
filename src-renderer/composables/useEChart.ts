/**
 * The life of an ECharts canvas, for every chart component (sweep plot, map, figure panels): the
 * ECharts parts it needs registered, the chart created on mount and disposed on unmount, resized
 * with its element, redrawn when the theme changes, pointer moves and clicks (a press and release
 * without a drag: dragging pans the plot) in data coordinates of the plot area, and the hook
 * through which end-to-end tests find where a data point is on the page (`element.nrlabChart`).
 * The components keep only what they draw and how they answer the pointer.
 */
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { exposeChart, pointerGuard } from '../lib/chart-pointer';
import { themeRevision } from '../lib/theme';

type Parts = Parameters<typeof echarts.use>[0];

/** The pointer over the chart: its pixel in the chart and the data coordinates there (may be NaN). */
export interface ChartPointer {
  px: [number, number];
  x: number;
  y: number;
}

export interface EChartHooks {
  /** The ECharts charts and components the chart draws with (the canvas renderer is added). */
  parts: Parts;
  /** The chart was created: set it up and draw it for the first time. */
  init(chart: echarts.ECharts): void;
  /** After the chart followed its element's new size. */
  resized?(chart: echarts.ECharts): void;
  /** The theme changed: draw in its colours. */
  theme?(chart: echarts.ECharts): void;
  /** The pointer moved: over the plot area (data coordinates), or elsewhere on the chart (null). */
  move?(at: ChartPointer | null): void;
  /** The pointer left the chart. */
  leave?(): void;
  /** A click (not the end of a drag) inside the plot area. */
  click?(at: ChartPointer): void;
  /** The chart is being disposed: forget elements added to its zrender. */
  disposed?(): void;
}

export interface EChart {
  /** The chart, while mounted. */
  chart(): echarts.ECharts | undefined;
  /** Where data point (x, y) is on the page (client pixels); null outside the plot area when `inside`. */
  toClient(x: number, y: number, inside?: boolean): [number, number] | null;
}

/**
 * Own the ECharts chart drawn in `el`. `expose` puts {@link EChart.toClient} on the element for
 * end-to-end tests; `inside` makes it answer null for points outside the plot area.
 */
export function useEChart(el: Ref<HTMLElement | null>, hooks: EChartHooks, expose: { inside: boolean } = { inside: false }): EChart {
  echarts.use([...(Array.isArray(hooks.parts) ? hooks.parts : [hooks.parts]), CanvasRenderer]);
  let chart: echarts.ECharts | undefined;
  let observer: ResizeObserver | undefined;
  const guard = pointerGuard();

  /** The pointer at a pixel, or null outside the plot area. */
  function pointerAt(offsetX: number, offsetY: number): ChartPointer | null {
    const px: [number, number] = [offsetX, offsetY];
    if (!chart || !chart.containPixel({ gridIndex: 0 }, px)) return null;
    const [x, y] = chart.convertFromPixel({ gridIndex: 0 }, px) as number[];
    return { px, x: x ?? NaN, y: y ?? NaN };
  }

  function toClient(x: number, y: number, inside = expose.inside): [number, number] | null {
    if (!chart || !el.value) return null;
    const p = chart.convertToPixel({ gridIndex: 0 }, [x, y]) as number[] | undefined;
    if (!p || !p.every(Number.isFinite) || (inside && !chart.containPixel({ gridIndex: 0 }, p))) return null;
    const box = el.value.getBoundingClientRect();
    return [box.left + p[0]!, box.top + p[1]!];
  }

  onMounted(() => {
    if (!el.value) return;
    chart = echarts.init(el.value, undefined, { renderer: 'canvas' });
    hooks.init(chart);
    const zr = chart.getZr();
    type ZrEvent = { offsetX: number; offsetY: number };
    if (hooks.move) zr.on('mousemove', (e: ZrEvent) => hooks.move!(pointerAt(e.offsetX, e.offsetY)));
    if (hooks.leave) zr.on('globalout', () => hooks.leave!());
    if (hooks.click) {
      zr.on('mousedown', (e: ZrEvent) => guard.down(e.offsetX, e.offsetY));
      zr.on('click', (e: ZrEvent) => {
        if (!guard.isClick(e.offsetX, e.offsetY)) return;
        const at = pointerAt(e.offsetX, e.offsetY);
        if (at) hooks.click!(at);
      });
    }
    observer = new ResizeObserver(() => {
      if (!chart) return;
      chart.resize();
      hooks.resized?.(chart);
    });
    observer.observe(el.value);
    exposeChart(el.value, { toClient: (x, y) => toClient(x, y) });
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    observer = undefined;
    hooks.disposed?.();
    chart?.dispose();
    chart = undefined;
  });

  watch(themeRevision, () => {
    if (chart) hooks.theme?.(chart);
  });

  return { chart: () => chart, toClient };
}
