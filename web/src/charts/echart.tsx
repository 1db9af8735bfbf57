// One ECharts instance per chart, with only the chart kinds the dashboard draws (tree-shaken from
// echarts/core). This module is imported by the pages that draw charts, never by the shell, so it
// arrives with them. Colours follow the theme; the container is an image with a text label, and
// the same numbers are always in a table next to it.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useTheme } from '../theme.tsx';

echarts.use([LineChart, BarChart, HeatmapChart, SankeyChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

/** a heatmap's colour range, from empty to full, for the theme */
export function heatColors(theme: 'light' | 'dark'): string[] {
  return theme === 'dark' ? ['#1e2740', '#8b93ff'] : ['#eef0ff', '#4338ca'];
}

export const PALETTE = ['#5b5bd6', '#0ea5a4', '#f59e0b', '#e5484d', '#3e9b4f', '#8e4ec6', '#0090ff', '#d6409f', '#978365', '#6e56cf'];

export function EChart(props: { option: EChartsCoreOption; label: string; small?: boolean; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const theme = useTheme();
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme changes the CSS variables read here
  useEffect(() => {
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#172033';
    const muted = styles.getPropertyValue('--muted').trim() || '#4f5b72';
    const border = styles.getPropertyValue('--border').trim() || '#d9deea';
    chart.current?.setOption(
      {
        color: PALETTE,
        backgroundColor: 'transparent',
        // drawn at once: a chart is read, not watched (and screenshots show the final picture)
        animation: false,
        textStyle: { color: text },
        legend: { textStyle: { color: text }, type: 'scroll', top: 0 },
        tooltip: { trigger: 'axis' },
        ...props.option,
        ...axisStyle(props.option, muted, border),
      },
      true,
    );
  }, [props.option, theme]);
  return <div ref={el} className={`chart${props.small ? ' small' : ''}`} role="img" aria-label={props.label} data-testid={props.testId} />;
}

function axisStyle(option: EChartsCoreOption, muted: string, border: string): EChartsCoreOption {
  const style = (axis: unknown): unknown => {
    if (Array.isArray(axis)) return axis.map(style);
    if (!axis || typeof axis !== 'object') return axis;
    const a = axis as Record<string, unknown>;
    return { ...a, axisLabel: { color: muted, ...(a.axisLabel as object) }, axisLine: { lineStyle: { color: border } }, splitLine: { lineStyle: { color: border } } };
  };
  const out: Record<string, unknown> = {};
  if ('xAxis' in option) out.xAxis = style(option.xAxis);
  if ('yAxis' in option) out.yAxis = style(option.yAxis);
  if ('visualMap' in option && option.visualMap && typeof option.visualMap === 'object') out.visualMap = { ...(option.visualMap as object), textStyle: { color: muted } };
  return out;
}
