import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorAnswers } from '../../errors/api-errors.decorator';
import { PublicKeyResponse } from './public-key.response';
import { FileKeyStore } from '@app/audit';
import { Public } from '../../auth/roles.decorator';

export interface PublicKeyView {
  algorithm: 'Ed25519';
  keyId: string;
  publicKeyPem: string;
  /** Every key that ever signed a checkpoint here, the current one included. */
  keys: { keyId: string; publicKeyPem: string }[];
}

/**
 * Public, no key needed: a public key is meant to be shared, and auditors and regulators should be able to
 * fetch and pin it without an account on the server they are checking.
 */
@ApiTags('audit')
@Controller('audit/public-key')
export class PublicKeyController {
  constructor(private readonly keys: FileKeyStore) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The checkpoint signing key (PEM) and its id, with every earlier key' })
  @ApiOkResponse({ type: PublicKeyResponse })
  @ApiErrorAnswers([429])
  publicKey(): PublicKeyView {
    const current = this.keys.current();
    return {
      algorithm: 'Ed25519',
      keyId: current.keyId,
      publicKeyPem: current.publicKeyPem,
      keys: this.keys.publicKeys(),
    };
  }
}
