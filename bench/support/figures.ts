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
  /** Minimum ratio to PASS; informative figures have none. */
  target?: number;
}

export function verdict(figure: Figure): string {
  if (figure.target === undefined) return 'info';
  return figure.ratio >= figure.target ? 'PASS' : 'MISS';
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
      figure.target === undefined ? '-' : `>= ${figure.target.toFixed(2)}`,
      verdict(figure),
    ]),
    3,
  );
}
