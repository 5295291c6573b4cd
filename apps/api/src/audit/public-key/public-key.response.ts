import { ApiProperty } from '@nestjs/swagger';

export class PublicKeyEntryResponse {
  @ApiProperty()
  keyId!: string;
  @ApiProperty({ description: 'SPKI PEM' })
  publicKeyPem!: string;
}

export class PublicKeyResponse {
  @ApiProperty({ enum: ['Ed25519'] })
  algorithm!: 'Ed25519';
  @ApiProperty()
  keyId!: string;
  @ApiProperty({ description: 'SPKI PEM' })
  publicKeyPem!: string;
  @ApiProperty({
    type: [PublicKeyEntryResponse],
    description: 'every key that ever signed here, the current one included',
  })
  keys!: PublicKeyEntryResponse[];
}
