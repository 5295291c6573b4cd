/** One value of a metric in the Prometheus text, e.g. `tracker_as_of_answers_total{source="cache"}`; 0 when absent. */
export function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}
