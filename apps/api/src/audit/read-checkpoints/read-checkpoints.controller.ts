import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { CheckpointListResponse, SignedCheckpointResponse } from './signed-checkpoint.response';
import { ApiError } from '../../errors/api.errors';
import { Roles } from '../../auth/roles.decorator';
import { CheckpointService, type SignedCheckpoint } from '../checkpoints/checkpoint.service';
import { ListCheckpointsDto } from './read-checkpoints.dto';

/** Signed tree heads, for auditors and witnesses: each one's note verifies with the public key alone. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/checkpoints')
export class ReadCheckpointsController {
  constructor(private readonly checkpoints: CheckpointService) {}

  @Get('latest')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'The latest signed tree head: tree size, root hash, position of the last leaf, and the C2SP signed note',
  })
  @ApiOkResponse({ type: SignedCheckpointResponse })
  @ApiErrorAnswers([401, 403, 429], { 404: 'No tree head has been signed yet (`no_checkpoint`)' })
  async latest(): Promise<SignedCheckpoint> {
    const latest = await this.checkpoints.latest();
    if (!latest) {
      throw new ApiError(404, 'no_checkpoint', 'No tree head has been signed yet: POST /audit/checkpoints.');
    }
    return latest;
  }

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Signed tree heads, newest first (`before` pages back by sequence)' })
  @ApiOkResponse({ type: CheckpointListResponse })
  @ApiErrorAnswers([400, 401, 403, 429])
  async list(@Query() query: ListCheckpointsDto): Promise<{ checkpoints: SignedCheckpoint[] }> {
    return { checkpoints: await this.checkpoints.list(query.limit ?? 20, query.before) };
  }
}
