/**
 * Identical requests in flight share one computation: the second asker of a key being computed gets the
 * same promise (answer or error) instead of starting the work again. The key is free again once it settles.
 */
export class SingleFlight<V> {
  private readonly flights = new Map<string, Promise<V>>();

  /** True when this key is being computed (a `run` now would join it). */
  has(key: string): boolean {
    return this.flights.has(key);
  }

  run(key: string, compute: () => Promise<V>): Promise<V> {
    const flight = this.flights.get(key);
    if (flight) return flight;
    // Started on the next microtask, so the key is registered before anything of `compute` runs.
    const started = Promise.resolve()
      .then(compute)
      .finally(() => this.flights.delete(key));
    this.flights.set(key, started);
    return started;
  }
}
