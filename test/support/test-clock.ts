/** A clock the test moves by hand; handed to the server as its only source of "now". */
export class TestClock {
  private current: number;

  constructor(start: string) {
    this.current = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.current);

  set(instant: string): void {
    this.current = Date.parse(instant);
  }
}
