import { ApiProperty } from '@nestjs/swagger';
import { SignedCheckpointResponse } from '../read-checkpoints/signed-checkpoint.response';

export class KeyRotationResponse {
  @ApiProperty()
  previousKeyId!: string;
  @ApiProperty()
  keyId!: string;
  @ApiProperty({
    type: SignedCheckpointResponse,
    description: 'the first checkpoint signed with the new key',
  })
  checkpoint!: SignedCheckpointResponse;
}
