export { canonicalJson } from './hash-chain/canonical-json';
export { computeEventHash, GENESIS_HASH, type HashableEvent } from './hash-chain/event-hash';
export { verifyStreamChain, type ChainBreak, type ChainReport } from './hash-chain/verify-chain';
