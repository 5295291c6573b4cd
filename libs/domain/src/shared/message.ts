/**
 * Commands and events share one shape: a stable `type` string and plain-JSON `data`. The type string is
 * the wire contract, so it is written out literally and never derived from a class name.
 */
export type Message<Type extends string, Data extends object> = {
  readonly type: Type;
  readonly data: Data;
};

/** Fields every market event and stream carries, so an event read alone still says where it belongs. */
export type MarketRef = {
  readonly programId: string;
  readonly market: string;
};
