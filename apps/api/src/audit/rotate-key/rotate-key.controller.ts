import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  rotate(@Req() request: AuthenticatedRequest) {
    return this.checkpoints.rotateKey(request.principal as Principal);
  }
}
