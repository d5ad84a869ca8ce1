// Two charts over the statistics' rows (ECharts, tree-shaken to the bar chart and what it needs):
// results by outcome, stacked, and the on-time rate.
import { SimpleGrid } from '@mantine/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { vi } from '../../text/vi';
import type { StatsRow } from './statistics-page';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current!);
    chart.setOption(option);
    return () => chart.dispose();
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ height: 260 }} />;
}

export function StatisticsCharts({ rows }: { rows: StatsRow[] }) {
  const names = rows.map((r) => (r.name ?? r.key).replace(/^(Ủy ban nhân dân|UBND) /, ''));
  const bar = (name: string, values: number[], color: string) => ({
    name,
    type: 'bar' as const,
    stack: 'done',
    data: values,
    itemStyle: { color },
  });
  const results = {
    title: { text: vi.stats.chartResults, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 36 },
    grid: { top: 100, left: 40, right: 10, bottom: 70 },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { rotate: 25, fontSize: 10, width: 120, overflow: 'truncate' },
    },
    yAxis: { type: 'value' },
    series: [
      bar(
        vi.stats.doneEarly,
        rows.map((r) => r.doneEarly),
        '#2b8a3e',
      ),
      bar(
        vi.stats.doneOnTime,
        rows.map((r) => r.doneOnTime),
        '#74b816',
      ),
      bar(
        vi.stats.doneLate,
        rows.map((r) => r.doneLate),
        '#c92a2a',
      ),
      bar(
        vi.stats.inProgressOverdue,
        rows.map((r) => r.inProgressOverdue),
        '#e67700',
      ),
    ],
  };
  const rate = {
    title: { text: vi.stats.chartRate, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { top: 40, left: 40, right: 10, bottom: 70 },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { rotate: 25, fontSize: 10, width: 120, overflow: 'truncate' },
    },
    yAxis: { type: 'value', max: 100 },
    series: [
      {
        type: 'bar' as const,
        data: rows.map((r) => (r.onTimeRate == null ? null : Math.round(r.onTimeRate * 1000) / 10)),
        itemStyle: { color: '#1864ab' },
      },
    ],
  };
  return (
    <SimpleGrid cols={2}>
      <Chart option={results} label={vi.stats.chartResults} />
      <Chart option={rate} label={vi.stats.chartRate} />
    </SimpleGrid>
  );
}
