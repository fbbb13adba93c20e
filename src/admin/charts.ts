import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { AnalyticsReport } from '../contract/analytics-report.js';
import { describePairs, shortDay } from './format.js';

// Only the pieces the page draws with, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
// Readable on a laptop: the page's ink and a size close to its text.
Chart.defaults.font.size = 13;
Chart.defaults.color = '#3a3450';

const BRAND = '#5b3cc4';
const PHASE_COLOURS = ['#b9aee6', '#9a8ad9', '#7b66cf', '#5b3cc4', '#3d2790'];
const TYPE_COLOURS = ['#5b3cc4', '#c2410c', '#146c56', '#1864ab', '#a61b6b', '#8a6d00', '#4a4458'];

const charts = new Map<string, Chart<'bar'>>();

/** Whole numbers on the count axis: half a game is not a thing. */
const countAxis = { beginAtZero: true, ticks: { precision: 0 } };

function draw(id: string, config: ChartConfiguration<'bar'>, label: string) {
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  if (!canvas) return;
  canvas.setAttribute('aria-label', label);
  charts.get(id)?.destroy();
  charts.set(id, new Chart(canvas, config));
}

const base = (indexAxis: 'x' | 'y') => ({
  responsive: true,
  maintainAspectRatio: false,
  // Figures, not a show: drawn at once (and identical in screenshots).
  animation: false as const,
  indexAxis,
  plugins: { legend: { display: false } },
  scales: indexAxis === 'x' ? { y: countAxis } : { x: countAxis },
});

export function renderCharts(r: AnalyticsReport): void {
  const days = r.games_per_day;
  draw(
    'chart-days',
    {
      type: 'bar',
      data: {
        labels: days.map((d) => shortDay(d.day)),
        datasets: [{ label: 'Games', data: days.map((d) => d.games), backgroundColor: BRAND }],
      },
      // 30 dates side by side: level, and thinned out when the chart is narrow.
      options: {
        ...base('x'),
        scales: { y: countAxis, x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } } },
      },
    },
    `Games per day, last 30 days: ${describePairs(days.filter((d) => d.games > 0).map((d) => [d.day, d.games]))}`,
  );

  const phases = Object.entries(r.sessions_by_phase);
  bars(
    'chart-phases',
    'y',
    phases,
    'Sessions',
    PHASE_COLOURS,
    `Sessions that reached each phase: ${describePairs(phases)}`,
  );

  const types = Object.entries(r.games_by_type);
  const typeColours = types.map((_, i) => TYPE_COLOURS[i % TYPE_COLOURS.length] ?? BRAND);
  bars('chart-types', 'x', types, 'Games', typeColours, `Games by type: ${describePairs(types)}`);

  const books = r.popular_books.map((b): [string, number] => [b.title, b.games]);
  bars('chart-books', 'y', books, 'Games', '#146c56', `Most popular books: ${describePairs(books)}`);
}

/** A plain bar chart of (label, count) pairs. */
function bars(
  id: string,
  indexAxis: 'x' | 'y',
  pairs: [string, number][],
  label: string,
  colours: string | string[],
  description: string,
) {
  draw(
    id,
    {
      type: 'bar',
      data: {
        labels: pairs.map(([name]) => name),
        datasets: [{ label, data: pairs.map(([, n]) => n), backgroundColor: colours }],
      },
      options: base(indexAxis),
    },
    description,
  );
}

export function clearCharts(): void {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
