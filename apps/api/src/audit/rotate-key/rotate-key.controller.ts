import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { KeyRotationResponse } from './rotate-key.response';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CheckpointService } from '../checkpoints/checkpoint.service';

/** Key rotation is the server operator's job: they hold the data dir where the key lives. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/keys/rotate')
export class RotateKeyController {
  constructor(private readonly checkpoints: CheckpointService) {}

  @Post()
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({ summary: 'Replace the signing key; the rotation is signed by the old key and recorded' })
  @ApiCreatedResponse({ type: KeyRotationResponse })
  // No body is read, but one sent is parsed first: malformed JSON (400), too large (413), not JSON (415).
  @ApiErrorAnswers([400, 401, 403, 413, 415, 429, 503], {
    409: 'The signing key comes from configuration (`signing_key_configured`), or the log diverged from a signed head (`log_diverged`)',
  })
  rotate(@Req() request: AuthenticatedRequest) {
    return this.checkpoints.rotateKey(request.principal as Principal);
  }
}
