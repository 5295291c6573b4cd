import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { ProofService, type ConsistencyProofView, type InclusionProofView } from './proof.service';
import { ConsistencyProofDto, InclusionProofDto } from './proofs.dto';

/** RFC 9162 proofs over the signed trees: small (one hash per level), checkable with any RFC 9162 code. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/proofs')
export class ProofsController {
  constructor(private readonly proofs: ProofService) {}

  @Get('inclusion')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Inclusion proof (RFC 9162 §2.1.3) of the event at a position in a signed tree, with the event’s hashed bytes',
  })
  inclusion(@Query() query: InclusionProofDto): Promise<InclusionProofView> {
    return this.proofs.inclusion(BigInt(query.position), query.treeSize);
  }

  @Get('consistency')
  @Roles('auditor')
  @ApiOperation({ summary: 'Consistency proof (RFC 9162 §2.1.4) between two tree sizes' })
  consistency(@Query() query: ConsistencyProofDto): Promise<ConsistencyProofView> {
    return this.proofs.consistency(query.from, query.to);
  }
}
