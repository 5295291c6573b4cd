import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FileKeyStore, verifyLog, type VerificationReport } from '@app/audit';
import { Roles } from '../../auth/roles.decorator';
import { AuditLogReader } from '../shared/audit-log.reader';
import { VerifyDto } from './verify.dto';

/**
 * Recomputes every hash chain from the stored rows, checks checkpoint signatures, their heads against the
 * log and that each extends the one before. 200 with `ok: false` and the first break when it fails.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/verify')
export class VerifyController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly keys: FileKeyStore,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Verify the whole log: chains, checkpoints, signatures; locate the first break' })
  async verify(@Query() query: VerifyDto): Promise<VerificationReport> {
    const [revision, hash] = query.anchor?.split(':') ?? [];
    const trustedKeys = new Map(this.keys.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
    return verifyLog({
      auditStream: await this.reader.auditStream(),
      log: this.reader.log(),
      trustedKeys,
      anchor: query.anchor ? { revision: Number(revision), hash } : undefined,
    });
  }
}
