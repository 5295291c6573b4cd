import { Controller, Get, Inject, StreamableFile } from '@nestjs/common';
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
  TAR_END,
  tarHeader,
  tarPadding,
} from '@app/audit';
import { Roles } from '../../auth/roles.decorator';
import { CLOCK, type Clock } from '../../shared/clock';
import { AuditLogReader } from '../shared/audit-log.reader';

/**
 * The evidence bundle as one tar download (manifest.json first, then public-keys.json and events.ndjson).
 * Two passes over the same range of the log: the first measures and hashes events.ndjson for the manifest,
 * the second streams it; memory stays bounded whatever the size of the log.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/bundle')
export class ExportBundleController {
  constructor(
    private readonly reader: AuditLogReader,
    private readonly keys: FileKeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiProduces('application/x-tar')
  @ApiOperation({
    summary: 'Self-contained evidence bundle (tar): events, public keys, manifest with SHA-256',
  })
  async bundle(): Promise<StreamableFile> {
    const now = this.clock();
    const digest = new BundleDigest();
    for await (const event of this.reader.log()) digest.add(event);
    const lastPosition = BigInt(digest.lastPosition);
    const events = digest.part();
    const keys = keysPart(this.keys.publicKeys());
    const manifest = manifestText(digest, events, keys.part, now);
    const reader = this.reader;
    async function* tar() {
      for (const [name, text] of [
        [MANIFEST_FILE, manifest],
        [KEYS_FILE, keys.text],
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
