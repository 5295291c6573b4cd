export { canonicalJson } from './hash-chain/canonical-json';
export {
  canonicalEventBody,
  computeEventHash,
  eventHashMatches,
  GENESIS_HASH,
  type HashableEvent,
} from './hash-chain/event-hash';
export { verifyStreamChain, type ChainBreak, type ChainReport } from './hash-chain/verify-chain';
export * from './checkpoint/checkpoint';
export { signBytes, verifySignature, keyIdOf } from './checkpoint/checkpoint-signer';
export { FileKeyStore, type PublicKeyEntry, type SigningKey } from './checkpoint/key-store';
export type { AuditEvent, AuditEventSource } from './verifier/audit-event';
export { verifyLog, type VerifyLogOptions } from './verifier/log-verifier';
export type {
  AuditBreak,
  BreakKind,
  CheckpointSummary,
  VerificationReport,
} from './verifier/verification-report';
export * from './bundle/bundle-format';
export { BundleDigest, keysPart, manifestText, writeBundle } from './bundle/bundle-writer';
export { tarHeader, tarPadding, TAR_END, extractTar } from './bundle/tar';
export {
  readBundleEvents,
  verifyBundle,
  type BundleReport,
  type VerifyBundleOptions,
} from './bundle/verify-bundle';
export {
  UpcasterRegistry,
  batchCopiedV1ToV2,
  eventUpcasters,
  type Upcast,
  type Upcaster,
} from './upcasting/upcaster';
export { UpcastingEventStore } from './upcasting/upcasting-event-store';
export { MemoryEventLog } from './as-of/memory-event-log';
export { knownAt, replayReadModels, type AsOfBasis, type Replay } from './as-of/as-of-replay';
export { replayBundle, type BundleReplay, type ReplayBundleOptions } from './bundle/replay-bundle';
