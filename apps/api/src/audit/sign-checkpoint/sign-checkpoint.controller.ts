import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { SignedCheckpointResponse } from '../read-checkpoints/signed-checkpoint.response';
import type { AuthenticatedRequest } from '../../auth/api-key.guard';
import type { Principal } from '../../auth/principal';
import { Roles } from '../../auth/roles.decorator';
import { CheckpointService, type SignedCheckpoint } from '../checkpoints/checkpoint.service';

/**
 * On-demand checkpoint. Auditors may ask for one (a fresh anchor before an export or an inspection) and so
 * may operators (before maintenance); signing changes no data, and the request is recorded with its actor.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/checkpoints')
export class SignCheckpointController {
  constructor(private readonly checkpoints: CheckpointService) {}

  @Post()
  @HttpCode(201)
  @Roles('auditor', 'operator')
  @ApiOperation({
    summary: 'Sign the heads of all streams now (Ed25519), stored as a CheckpointSigned event',
  })
  @ApiCreatedResponse({ type: SignedCheckpointResponse })
  // No body is read, but one sent is parsed first: malformed JSON (400), too large (413), not JSON (415).
  @ApiErrorAnswers([400, 401, 403, 413, 415, 429, 503], {
    409: 'The log no longer holds what an earlier checkpoint signed (`log_diverged`): nothing is signed over it',
  })
  sign(@Req() request: AuthenticatedRequest): Promise<SignedCheckpoint> {
    return this.checkpoints.signNow(request.principal as Principal);
  }
}
