import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsInstant } from '../../shared/validation/is-instant.validator';
import { IsTimeZone } from '../../shared/validation/is-time-zone.validator';
import { PROGRAM_ID } from '../shared/identifiers';
import { StepDto } from '../shared/step.dto';
import { IsRegion, IsText } from '../shared/text.decorators';

export class CreateProgramDto extends StepDto {
  @ApiProperty({ example: 'intl-2014' })
  @IsString()
  @Matches(PROGRAM_ID, {
    message:
      'programId must be 1-64 lower-case letters, digits or dashes, not starting or ending with a dash',
  })
  programId!: string;

  @ApiProperty({ example: 'International user data relocation 2014' })
  @IsText(200)
  name!: string;

  @ApiProperty({ example: 'cn-north' })
  @IsRegion()
  sourceRegion!: string;

  @ApiProperty({ example: '2014-10-31T23:59:59+08:00', description: 'the promised completion instant' })
  @IsInstant()
  deadline!: string;

  @ApiPropertyOptional({
    example: 'Asia/Singapore',
    default: 'UTC',
    description: 'IANA zone the deadline is stated in',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiProperty({ example: ['device-ids', 'contacts', 'messages', 'cloud-files'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(/^[a-z0-9][a-z0-9-]*$/, {
    each: true,
    message: 'each of dataCategories must be lower-case letters, digits or dashes',
  })
  dataCategories!: string[];
}
