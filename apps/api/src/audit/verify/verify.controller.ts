import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileKeyStore, verifyLog, type VerificationReport } from '@app/audit';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import { AuditLogReader } from '../shared/audit-log.reader';
import { VerifyDto } from './verify.dto';

/**
 * Recomputes every hash chain and the Merkle tree from the stored rows, checks checkpoint signatures, each
 * signed root against the log, that each checkpoint extends the one before, and that signed checkpoints cover
 * every event. First a checkpoint is signed when anything is new (unless the log no longer matches the last
 * one), so the answer covers every event committed before the request; events committed while it runs are
 * left for the next. 200 with `ok: false` and the first break when it fails.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/verify')
export class VerifyController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly keys: FileKeyStore,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Verify the whole log: chains, Merkle roots, checkpoint signatures and coverage; locate the first break',
  })
  async verify(@Query() query: VerifyDto, @Req() request: AuthenticatedRequest): Promise<VerificationReport> {
    const [revision, hash] = query.anchor?.split(':') ?? [];
    const cut = await this.checkpoints.cutForAudit(request.principal as Principal);
    // After signing: on a first start, signing is what creates the key.
    const trustedKeys = new Map(this.keys.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
    const auditStream = (await this.reader.auditStream()).filter(
      (event) => cut === undefined || event.position <= cut,
    );
    return verifyLog({
      auditStream,
      log: this.reader.log(0n, cut),
      trustedKeys,
      anchor: query.anchor ? { revision: Number(revision), hash } : undefined,
    });
  }
}
