import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { formatDayValue, formatTick, formatUsers } from '../format';
import type { BurnUp, Point } from './burn-up.data';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

const COLORS = {
  verified: '#38bdf8',
  ideal: '#cbd5e1',
  forecast: '#fbbf24',
  forecastFill: 'rgba(251, 191, 36, 0.22)',
  deadline: '#f87171',
  grid: 'rgba(148, 163, 184, 0.25)',
  text: '#cbd5e1',
};

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Chart text follows the page's root font size, so a wall display gets big labels too. */
function baseFontSize(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

type Line = ChartDataset<'line', Point[]>;

/** One line of the chart, in its colour (line and legend); `style` says how it differs from a plain line. */
function line(label: string, data: Point[], color: string, style: Partial<Line> = {}): Line {
  return {
    pointRadius: 0,
    pointHitRadius: 6,
    tension: 0,
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    ...style,
  };
}

function datasets(data: BurnUp, detailed: boolean): Line[] {
  return [
    line(detailed ? 'Verified users' : 'Verified', data.verified, COLORS.verified, {
      borderWidth: detailed ? 3 : 2,
      pointRadius: data.verified.length === 1 ? 3 : 0,
    }),
    line(detailed ? 'Ideal pace to deadline' : 'Ideal', data.ideal, COLORS.ideal, {
      borderDash: [6, 4],
      borderWidth: 1.5,
    }),
    line(detailed ? 'Forecast P50' : 'P50', data.forecastP50, COLORS.forecast, { borderWidth: 1.5 }),
    line(detailed ? 'Forecast P95 (range shaded)' : 'P50–P95', data.forecastP95, COLORS.forecast, {
      backgroundColor: COLORS.forecastFill,
      borderDash: [2, 3],
      borderWidth: 1.5,
      fill: '-1',
    }),
    line('Deadline', data.deadline, COLORS.deadline, { borderWidth: 2 }),
  ];
}

interface AxisLook {
  maxTicks: number;
  tick: (value: number) => string;
  title: string;
  showTitle: boolean;
}

/** A linear axis in the chart's colours and type size; the caller sets its range. */
function axis(size: number, { maxTicks, tick, title, showTitle }: AxisLook) {
  return {
    type: 'linear' as const,
    grid: { color: COLORS.grid },
    ticks: {
      color: COLORS.text,
      font: { size },
      maxTicksLimit: maxTicks,
      callback: (v: number | string) => tick(Number(v)),
    },
    title: { display: showTitle, text: title, color: COLORS.text, font: { size } },
  };
}

/** A market's burn-up: verified users per local day, the ideal line to the deadline, the forecast range. */
export class BurnUpChart {
  private readonly chart: Chart<'line', Point[]>;
  /** Ticks carry the year when the axis crosses one (read on every draw, so an update can change it). */
  private withYear: boolean;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    data: BurnUp,
    private readonly detailed: boolean,
  ) {
    this.withYear = data.crossesYear;
    const size = baseFontSize() * (detailed ? 0.85 : 0.7);
    canvas.setAttribute('role', 'img');
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: datasets(data, detailed) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        color: COLORS.text,
        font: { size },
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            ...axis(size, {
              maxTicks: detailed ? 10 : 5,
              tick: (v) => formatTick(v, this.withYear),
              title: 'Date (program time zone)',
              showTitle: detailed,
            }),
            min: data.xMin,
            max: data.xMax,
          },
          y: {
            ...axis(size, {
              maxTicks: detailed ? 8 : 4,
              tick: (v) => compact.format(v),
              title: 'Users verified',
              showTitle: true,
            }),
            min: 0,
            suggestedMax: data.usersInScope,
          },
        },
        plugins: {
          legend: {
            display: true,
            position: 'bottom',
            labels: {
              color: COLORS.text,
              font: { size },
              boxWidth: size * 1.5,
              filter: (item, chartData) => (chartData.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0,
            },
          },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? formatDayValue(items[0].parsed.x ?? 0) : ''),
              label: (item) => `${item.dataset.label ?? ''}: ${formatUsers(item.parsed.y ?? 0)}`,
            },
          },
        },
      },
    });
    this.describe(data);
  }

  update(data: BurnUp): void {
    this.withYear = data.crossesYear;
    this.chart.data.datasets = datasets(data, this.detailed);
    const x = this.chart.options.scales?.x;
    if (x) {
      x.min = data.xMin;
      x.max = data.xMax;
    }
    this.chart.update('none');
    this.describe(data);
  }

  destroy(): void {
    this.chart.destroy();
  }

  private describe(data: BurnUp): void {
    this.canvas.setAttribute('aria-label', data.summary);
    this.canvas.textContent = data.summary;
    // The time axis' labels as drawn, for anyone checking what the axis says without reading pixels.
    this.canvas.dataset.timeTicks = (this.chart.scales.x?.ticks ?? [])
      .map((t) => String(t.label))
      .join(' | ');
  }
}
