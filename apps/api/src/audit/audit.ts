import { AsOfMarketProgressHandler, AsOfProgramProgressHandler } from './as-of/as-of-progress.query';
import { AsOfMetrics } from './as-of/as-of.metrics';
import { AsOfReplayer } from './as-of/as-of-replayer';
import { ProgramEventsReader } from './as-of/program-events.reader';
import { ProgramDiffController } from './as-of-diff/program-diff.controller';
import { ProgramDiffHandler } from './as-of-diff/program-diff.query';
import { CheckpointScheduler } from './checkpoints/checkpoint.scheduler';
import { CheckpointService } from './checkpoints/checkpoint.service';
import { ExportBundleController } from './export-bundle/export-bundle.controller';
import { ExportNdjsonController } from './export-ndjson/export-ndjson.controller';
import { ProofService } from './proofs/proof.service';
import { ProofsController } from './proofs/proofs.controller';
import { PublicKeyController } from './public-key/public-key.controller';
import { ReadCheckpointsController } from './read-checkpoints/read-checkpoints.controller';
import { RotateKeyController } from './rotate-key/rotate-key.controller';
import { auditKeyStoreProvider } from './shared/audit-keys.provider';
import { AuditLogReader } from './shared/audit-log.reader';
import { SignCheckpointController } from './sign-checkpoint/sign-checkpoint.controller';
import { MerkleTreeService } from './tree/merkle-tree.service';
import { VerifyController } from './verify/verify.controller';

export const auditControllers = [
  PublicKeyController,
  ReadCheckpointsController,
  SignCheckpointController,
  ProofsController,
  RotateKeyController,
  VerifyController,
  ExportNdjsonController,
  ExportBundleController,
  ProgramDiffController,
];

export const auditProviders = [
  auditKeyStoreProvider,
  AuditLogReader,
  MerkleTreeService,
  CheckpointService,
  ProofService,
  CheckpointScheduler,
  ProgramEventsReader,
  AsOfMetrics,
  AsOfReplayer,
  AsOfProgramProgressHandler,
  AsOfMarketProgressHandler,
  ProgramDiffHandler,
];
