export { canonicalJson } from './hash-chain/canonical-json';
export {
  canonicalEventBody,
  computeEventHash,
  eventHashMatches,
  GENESIS_HASH,
  type HashableEvent,
} from './hash-chain/event-hash';
export {
  envelopeEvents,
  type DomainEventLike,
  type EnvelopeContext,
  type EnvelopeInput,
} from './hash-chain/envelope';
export { verifyStreamChain, type ChainBreak, type ChainReport } from './hash-chain/verify-chain';
export * from './checkpoint/checkpoint';
export { signBytes, verifySignature, keyIdOf } from './checkpoint/checkpoint-signer';
export { FileKeyStore, type PublicKeyEntry, type SigningKey } from './checkpoint/key-store';
export type { AuditEvent, AuditEventSource } from './verifier/audit-event';
export {
  PROGRESS_EVERY,
  verifyLog,
  type VerifyLogOptions,
  type VerifyProgress,
} from './verifier/log-verifier';
export type {
  AuditBreak,
  BreakKind,
  CheckpointSummary,
  VerificationReport,
} from './verifier/verification-report';
export * from './bundle/bundle-format';
export {
  BundleDigest,
  bundleMembers,
  keysPart,
  manifestText,
  proofsPart,
  tarOf,
  writeBundle,
  type BundleMember,
  type BundleSource,
} from './bundle/bundle-writer';
export {
  tarHeader,
  tarPadding,
  TAR_END,
  extractTar,
  extractTarContents,
  type TarContents,
} from './bundle/tar';
export {
  eventFilesOf,
  readBundleEvents,
  verifyBundle,
  type BundleReport,
  type BundleVerdict,
  type VerifyBundleOptions,
} from './bundle/verify-bundle';
export {
  readEventLines,
  readEventLinesForVerification,
  type EventFiles,
  type ReadEventLinesOptions,
} from './bundle/event-lines.reader';
export {
  UpcasterRegistry,
  batchCopiedV1ToV2,
  eventUpcasters,
  type Upcast,
  type Upcaster,
} from './upcasting/upcaster';
export { UpcastingEventStore } from './upcasting/upcasting-event-store';
export { MemoryEventLog } from './as-of/memory-event-log';
export { instantOf, knownAt, replayReadModels, type AsOfBasis, type Replay } from './as-of/as-of-replay';
export { AsOfEvents } from './as-of/as-of-events';
export { replayBundle, type BundleReplay, type ReplayBundleOptions } from './bundle/replay-bundle';
export { MerkleTreeFile, TREE_SCHEMA, type TreeLeaf } from './tlog/merkle-tree.file';
export { leafDataOf } from './tlog/leaf-data';
export {
  asTreeHeadData,
  openTreeHead,
  signTreeHead,
  type TreeHead,
  type TreeHeadData,
  type TreeHeadProblem,
} from './checkpoint/tree-head';
export type { ConsistencyProofs } from './verifier/checkpoint-chain';
export { leafHash, nodeHash, EMPTY_ROOT } from './merkle/merkle-hash';
export { CompactRange } from './merkle/compact-range';
export { MemoryMerkleTree } from './merkle/memory-merkle-tree';
export {
  consistencyProof,
  inclusionProof,
  rootAt,
  verifyConsistency,
  verifyInclusion,
  type SubtreeSource,
} from './merkle/merkle-proofs';
export {
  checkpointText,
  noteKeyHash,
  noteVerifierKey,
  parseCheckpointText,
  parseSignedNote,
  rawEd25519PublicKey,
  signNote,
  verifyNote,
  NoteFormatError,
} from './checkpoint/signed-note';
export { subtreeRoot } from './merkle/merkle-proofs';
export { addSignatures, type Checkpoint, type NoteSignature } from './checkpoint/signed-note';
export { TreeWriter } from './tlog/tree-writer';
export type { TreeState } from './tlog/tree-writer.thread';
export { isTrackerStream, TRACKER_STREAM_REGEX, TRACKER_STREAMS_SQL } from './tlog/tracker-streams';
