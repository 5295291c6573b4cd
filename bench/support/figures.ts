import { formatNumber, formatTable } from './table';

/** One line of the summary: a candidate measured against a baseline from the same run. */
export interface Figure {
  part: string;
  name: string;
  /** e.g. "WAL, synchronous=FULL" — printed next to every figure. */
  durability: string;
  unit: string;
  baseline: number;
  candidate: number;
  /** candidate ÷ baseline (for latencies too: above 1 means slower). */
  ratio: number;
  /** Bound to PASS (a minimum unless `targetKind` says otherwise); informative figures have none. */
  target?: number;
  /** 'min' (default): PASS when the value is >= target; 'max': PASS when it is <= target (latencies, memory). */
  targetKind?: 'min' | 'max';
  /** What the target bounds: the ratio (default), or the candidate's own value (e.g. a memory budget in MB). */
  targetOn?: 'ratio' | 'candidate';
}

export function verdict(figure: Figure): string {
  if (figure.target === undefined) return 'info';
  const value = figure.targetOn === 'candidate' ? figure.candidate : figure.ratio;
  const met = figure.targetKind === 'max' ? value <= figure.target : value >= figure.target;
  return met ? 'PASS' : 'MISS';
}

function describeTarget(figure: Figure): string {
  if (figure.target === undefined) return '-';
  const bound = figure.targetKind === 'max' ? '<=' : '>=';
  return figure.targetOn === 'candidate'
    ? `${bound} ${formatNumber(figure.target)} ${figure.unit}`
    : `${bound} ${figure.target.toFixed(2)}`;
}

export function formatFigures(figures: readonly Figure[]): string {
  return formatTable(
    ['part', 'figure', 'durability', 'baseline', 'candidate', 'ratio', 'target', 'result'],
    figures.map((figure) => [
      figure.part,
      `${figure.name} (${figure.unit})`,
      figure.durability,
      formatNumber(figure.baseline),
      formatNumber(figure.candidate),
      `${figure.ratio.toFixed(2)}x`,
      describeTarget(figure),
      verdict(figure),
    ]),
    3,
  );
}
