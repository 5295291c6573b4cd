/**
 * Counts the turns of the event loop that other work got (a setImmediate callback that queues itself again)
 * until stopped: code that never yields a macrotask lets it run at most once, whatever it awaits.
 */
export function turnCounter(): { stop(): number } {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}
