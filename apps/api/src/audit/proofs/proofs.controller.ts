import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { ConsistencyProofResponse, InclusionProofResponse } from './proofs.response';
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
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiErrorAnswers([401, 403, 429], {
    400: 'Invalid query (`validation_failed`), a tree size nobody signed (`tree_size_not_signed`), or no event at that position in the tree (`not_in_tree`)',
  })
  inclusion(@Query() query: InclusionProofDto): Promise<InclusionProofView> {
    return this.proofs.inclusion(BigInt(query.position), query.treeSize);
  }

  @Get('consistency')
  @Roles('auditor')
  @ApiOperation({ summary: 'Consistency proof (RFC 9162 §2.1.4) between two tree sizes' })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiErrorAnswers([401, 403, 429], {
    400: 'Invalid query (`validation_failed`, also when from > to) or a tree size nobody signed (`tree_size_not_signed`)',
  })
  consistency(@Query() query: ConsistencyProofDto): Promise<ConsistencyProofView> {
    return this.proofs.consistency(query.from, query.to);
  }
}
