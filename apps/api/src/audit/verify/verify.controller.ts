import { Controller, Get, Logger, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { FileKeyStore, verifyLog, type VerificationReport, type VerifyProgress } from '@app/audit';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import { AuditLogReader, type StoredEvent } from '../shared/audit-log.reader';
import { VerifyDto } from './verify.dto';
import { VerifyProgressStream } from './verify-progress.stream';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import {
  CheckpointSummaryResponse,
  VerificationReportResponse,
  VERIFY_LINE_MODELS,
  VERIFY_STREAM_LINE_SCHEMA,
} from './verify.response';

const NDJSON = 'application/x-ndjson';

/**
 * Recomputes every hash chain and the Merkle tree from the stored rows, checks checkpoint signatures, each
 * signed root against the log, that each checkpoint extends the one before, and that signed checkpoints cover
 * every event. First a checkpoint is signed when anything is new (unless the log no longer matches the last
 * one), so the answer covers every event committed before the request; events committed while it runs are
 * left for the next. 200 with `ok: false` and the first break when it fails.
 *
 * Asked for NDJSON (`Accept: application/x-ndjson` or `?stream=true`), the answer starts at once and says
 * how far the verification is at least every second, so no proxy times out on a long log; nothing is kept
 * between requests, so any replica answers any request.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(VerificationReportResponse, CheckpointSummaryResponse, ...VERIFY_LINE_MODELS)
@Controller('audit/verify')
export class VerifyController {
  private readonly logger = new Logger('AuditVerify');

  constructor(
    private readonly reader: AuditLogReader,
    private readonly keys: FileKeyStore,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiProduces('application/json', NDJSON)
  @ApiOperation({
    summary:
      'Verify the whole log: chains, Merkle roots, checkpoint signatures and coverage; locate the first break',
    description:
      'application/json (default): the report when the verification ends. application/x-ndjson (`Accept: application/x-ndjson` or `?stream=true`): one JSON object per line, `{"type":"progress","phase","events","total"}` at once and at least every second, then `{"type":"report", ...the same report}`, or `{"type":"error","status","error","message","details"}` if the verification fails after the answer began.',
  })
  @ApiErrorAnswers([400, 401, 403, 429, 503])
  @ApiOkResponse({
    description: 'the verification report, or its progress then the report as NDJSON',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(VerificationReportResponse) } },
      [NDJSON]: { schema: VERIFY_STREAM_LINE_SCHEMA },
    },
  })
  async verify(
    @Query() query: VerifyDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerificationReport | StreamableFile> {
    const principal = request.principal as Principal;
    // Read here rather than with @Headers: the document then shows no required `accept` parameter.
    const accept = request.headers.accept;
    const streamed = query.stream === 'true' || (query.stream !== 'false' && !!accept?.includes(NDJSON));
    if (!streamed) return this.run(query, principal);
    const stream = new VerifyProgressStream();
    this.run(query, principal, stream).then(
      (report) => stream.report(report),
      (error: unknown) => {
        if (stream.closed) return;
        this.logger.error(error instanceof Error ? error.stack : String(error));
        stream.error(error);
      },
    );
    // Through nginx: pass each line on as it comes instead of buffering the answer.
    void reply.header('x-accel-buffering', 'no').header('cache-control', 'no-store');
    return new StreamableFile(stream.readable, { type: NDJSON });
  }

  private async run(
    query: VerifyDto,
    principal: Principal,
    stream?: VerifyProgressStream,
  ): Promise<VerificationReport> {
    const [revision, hash] = query.anchor?.split(':') ?? [];
    const cut = await this.checkpoints.cutForAudit(principal);
    // After signing: on a first start, signing is what creates the key.
    const trustedKeys = new Map(this.keys.publicKeys().map((key) => [key.keyId, key.publicKeyPem]));
    const auditStream = (await this.reader.auditStream()).filter(
      (event) => cut === undefined || event.position <= cut,
    );
    const log = this.reader.log(0n, cut);
    return verifyLog({
      auditStream,
      log: stream ? untilClosed(log, stream) : log,
      trustedKeys,
      anchor: query.anchor ? { revision: Number(revision), hash } : undefined,
      onProgress: stream ? (progress: VerifyProgress) => stream.progress(progress) : undefined,
    });
  }
}

/** Client gone: stop reading the log (the store connection closes) instead of verifying for nobody. */
async function* untilClosed(
  log: AsyncGenerator<StoredEvent>,
  stream: VerifyProgressStream,
): AsyncGenerator<StoredEvent> {
  for await (const event of log) {
    if (stream.closed) throw new ClientGoneError();
    yield event;
  }
}

class ClientGoneError extends Error {
  constructor() {
    super('the client closed the verification stream');
  }
}
