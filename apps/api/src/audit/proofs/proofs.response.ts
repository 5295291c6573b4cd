import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SignedCheckpointResponse } from '../read-checkpoints/signed-checkpoint.response';

const count = { type: 'integer', minimum: 0 } as const;

export class ProvenEventResponse {
  @ApiProperty()
  streamId!: string;
  @ApiProperty(count)
  revision!: number;
  @ApiProperty()
  type!: string;
  @ApiProperty({ description: 'the stored hash, hex' })
  hash!: string;
  @ApiProperty({ description: 'the exact bytes `hash` is the SHA-256 of' })
  canonical!: string;
}

export class InclusionProofResponse {
  @ApiProperty(count)
  leafIndex!: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  treeSize!: number;
  @ApiProperty(count)
  position!: number;
  @ApiProperty({ description: 'SHA-256(0x00 ‖ the event’s stored hash), hex' })
  leafHash!: string;
  @ApiProperty({ type: [String], description: 'the audit path, bottom up, hex (RFC 9162 §2.1.3.1)' })
  hashes!: string[];
  @ApiProperty({ description: 'root of the tree of `treeSize`, hex' })
  rootHash!: string;
  @ApiProperty({ type: ProvenEventResponse })
  event!: ProvenEventResponse;
  @ApiPropertyOptional({
    type: SignedCheckpointResponse,
    description: 'the signed head of this size, when latest',
  })
  checkpoint?: SignedCheckpointResponse;
}

export class ConsistencyProofResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  from!: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  to!: number;
  @ApiProperty({ type: [String], description: 'RFC 9162 §2.1.4.1, hex' })
  hashes!: string[];
  @ApiProperty()
  fromRoot!: string;
  @ApiProperty()
  toRoot!: string;
}
