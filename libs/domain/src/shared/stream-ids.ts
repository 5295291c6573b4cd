/**
 * Stream names are part of the storage contract: one stream per program and one per market, so operators
 * of different markets never contend for the same stream revision.
 */
export const programStreamId = (programId: string): string => `program-${programId}`;

export const marketStreamId = (programId: string, market: string): string => `market-${programId}-${market}`;

/** The beginnings of every stream name the domain writes (the audit lib adds its own stream to these). */
export const DOMAIN_STREAM_PREFIXES = ['program-', 'market-'] as const;
