import { Controller, Get, Inject, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import {
  BundleDigest,
  EVENTS_FILE,
  eventLine,
  FileKeyStore,
  keysPart,
  KEYS_FILE,
  MANIFEST_FILE,
  manifestText,
  PROOFS_FILE,
  proofsPart,
  TAR_END,
  tarHeader,
  tarPadding,
} from '@app/audit';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CLOCK, type Clock } from '../../shared/clock';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import { AuditLogReader } from '../shared/audit-log.reader';
import { MerkleTreeService } from '../tree/merkle-tree.service';

/**
 * The evidence bundle as one tar download (manifest.json first, then public-keys.json, proofs.json and
 * events.ndjson). A checkpoint is signed first when anything is new, and the bundle ends with the latest
 * checkpoint's own event: every event in it is covered by a signed tree head. Two passes over that range of
 * the log: the first measures and hashes events.ndjson for the manifest, the second streams it; memory stays
 * bounded whatever the size of the log.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/bundle')
export class ExportBundleController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly keys: FileKeyStore,
    private readonly checkpoints: CheckpointService,
    private readonly trees: MerkleTreeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiProduces('application/x-tar')
  @ApiOperation({
    summary:
      'Self-contained evidence bundle (tar): events up to the latest signed checkpoint, public keys, tree heads with consistency proofs, manifest with SHA-256',
  })
  async bundle(@Req() request: AuthenticatedRequest): Promise<StreamableFile> {
    const now = this.clock();
    const cut = await this.checkpoints.cutForAudit(request.principal as Principal);
    const digest = new BundleDigest();
    for await (const event of this.reader.log(0n, cut)) digest.add(event);
    const lastPosition = BigInt(digest.lastPosition);
    const events = digest.part();
    const keys = keysPart(this.keys.publicKeys());
    if (this.trees.tree.size < digest.events) await this.trees.catchUp();
    const tree = this.trees.tree;
    const proofs = proofsPart(
      digest.treeHeads.filter((head) => head.treeSize <= tree.size),
      (from, to) => tree.consistencyProof(from, to),
    );
    const manifest = manifestText(digest, events, keys.part, now, proofs.part);
    const reader = this.reader;
    async function* tar() {
      for (const [name, text] of [
        [MANIFEST_FILE, manifest],
        [KEYS_FILE, keys.text],
        [PROOFS_FILE, proofs.text],
      ]) {
        const bytes = Buffer.from(text);
        yield Buffer.concat([tarHeader(name, bytes.length, now), bytes, tarPadding(bytes.length)]);
      }
      yield tarHeader(EVENTS_FILE, events.bytes, now);
      for await (const event of reader.log(0n, lastPosition)) yield Buffer.from(eventLine(event));
      yield Buffer.concat([tarPadding(events.bytes), TAR_END]);
    }
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return new StreamableFile(Readable.from(tar()), {
      type: 'application/x-tar',
      disposition: `attachment; filename="evidence-${stamp}.tar"`,
    });
  }
}
