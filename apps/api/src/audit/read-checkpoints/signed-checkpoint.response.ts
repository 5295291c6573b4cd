import { ApiProperty } from '@nestjs/swagger';

const count = { type: 'integer', minimum: 0 } as const;

export class CheckpointEventResponse {
  @ApiProperty({ example: 'audit-checkpoints' })
  streamId!: string;
  @ApiProperty(count)
  revision!: number;
  @ApiProperty(count)
  position!: number;
  @ApiProperty({ description: 'the event’s stored hash, hex' })
  hash!: string;
}

/** A signed tree head (C2SP signed note) and the CheckpointSigned event that stores it. */
export class SignedCheckpointResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  sequence!: number;
  @ApiProperty({ description: 'the log’s origin line of the note' })
  origin!: string;
  @ApiProperty(count)
  treeSize!: number;
  @ApiProperty({ description: 'root hash, hex' })
  rootHash!: string;
  @ApiProperty({ ...count, description: 'position of the tree’s last leaf (0 for an empty tree)' })
  position!: number;
  @ApiProperty({ description: 'the C2SP signed note; verifies with the public key alone' })
  note!: string;
  @ApiProperty()
  keyId!: string;
  @ApiProperty({ type: 'string', format: 'date-time' })
  signedAt!: string;
  @ApiProperty({ enum: ['events', 'interval', 'on_demand', 'rotation'] })
  reason!: string;
  @ApiProperty({ type: CheckpointEventResponse })
  event!: CheckpointEventResponse;
}

export class CheckpointListResponse {
  @ApiProperty({ type: [SignedCheckpointResponse], description: 'newest first' })
  checkpoints!: SignedCheckpointResponse[];
}
