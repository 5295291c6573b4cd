import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { Readable } from 'node:stream';
import { eventLine } from '@app/audit';
import { Roles } from '../../auth/roles.decorator';
import { AuditLogReader } from '../shared/audit-log.reader';

/** The whole log as stored, one canonical JSON event per line, streamed as it is read (never buffered). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/export.ndjson')
export class ExportNdjsonController {
  constructor(private readonly reader: AuditLogReader) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Every event with its full envelope, in position order, as NDJSON' })
  @ApiOkResponse({
    description: 'one canonical JSON event per line, as stored, in position order',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiErrorAnswers([401, 403, 429])
  export(): StreamableFile {
    const reader = this.reader;
    async function* lines() {
      for await (const event of reader.log()) yield eventLine(event);
    }
    return new StreamableFile(Readable.from(lines()), {
      type: 'application/x-ndjson',
      disposition: 'attachment; filename="events.ndjson"',
    });
  }
}
