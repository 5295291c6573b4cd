import { Controller, Get, Inject, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { bundleMembers, FileKeyStore, tarOf, type BundleSource } from '@app/audit';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CLOCK, type Clock } from '../../shared/clock';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import { AuditLogReader } from '../shared/audit-log.reader';
import { MerkleTreeService } from '../tree/merkle-tree.service';

/** Bytes the answer holds ahead of the client (the part being built aside): one part at most in memory. */
const HIGH_WATER_MARK = 1 << 16;

/**
 * The evidence bundle as one tar download, format 4: public-keys.json, the events in numbered parts
 * (events/000001.ndjson, ...), proofs.json, and manifest.json LAST (SHA-256 and size of each part and of all
 * event parts together). A checkpoint is signed first when anything is new, and the bundle ends with the
 * latest checkpoint's own event: every event in it is covered by a signed tree head. One pass over the log:
 * each part is sent once full, so bytes flow from the first part on and memory holds one part, whatever the
 * size of the log. A failure while sending cuts the archive short, which every verifier refuses as truncated.
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
  @ApiErrorAnswers([401, 403, 429, 503])
  @ApiOperation({
    summary:
      'Self-contained evidence bundle (tar, format 4): public keys, events in numbered parts, tree heads with consistency proofs, then the manifest with SHA-256',
  })
  @ApiOkResponse({
    description:
      'a ustar archive streamed as the log is read: public-keys.json, events/NNNNNN.ndjson (in order), proofs.json, manifest.json (last)',
    content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } },
  })
  async bundle(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const now = this.clock();
    const cut = await this.checkpoints.cutForAudit(request.principal as Principal);
    const members = bundleMembers({
      events: this.reader.log(0n, cut),
      keys: this.keys.publicKeys(),
      createdAt: now,
      proofs: (heads) => this.proofs(heads),
    });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    void reply.header('x-accel-buffering', 'no');
    return new StreamableFile(
      Readable.from(tarOf(members, now), { objectMode: false, highWaterMark: HIGH_WATER_MARK }),
      { type: 'application/x-tar', disposition: `attachment; filename="evidence-${stamp}.tar"` },
    );
  }

  /** Consistency proofs between the bundle's tree heads, from this replica's tree (caught up if behind). */
  private async proofs(heads: Parameters<BundleSource['proofs']>[0]) {
    const largest = heads.reduce((size, head) => Math.max(size, head.treeSize), 0);
    if (this.trees.tree.size < largest) await this.trees.catchUp();
    const tree = this.trees.tree;
    return {
      heads: heads.filter((head) => head.treeSize <= tree.size),
      consistencyProof: (from: number, to: number) => tree.consistencyProof(from, to),
    };
  }
}
