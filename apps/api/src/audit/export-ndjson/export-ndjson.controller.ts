import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiProduces('application/x-ndjson')
  @ApiOperation({ summary: 'Every event with its full envelope, in position order, as NDJSON' })
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
