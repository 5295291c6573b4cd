import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Free text a person wrote (a reason, a name): a string with something visible in it, bounded in length. */
export function IsText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(maxLength),
  );
}

export const REGION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A region name such as us-east or singapore. */
export function IsRegion(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(REGION, { message: '$property must be 1-64 lower-case letters, digits or dashes, e.g. us-east' }),
  );
}
