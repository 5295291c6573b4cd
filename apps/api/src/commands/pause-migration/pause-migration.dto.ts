import { ApiProperty } from '@nestjs/swagger';
import { StepDto } from '../shared/step.dto';
import { IsText } from '../shared/text.decorators';

export class PauseMigrationDto extends StepDto {
  @ApiProperty({ example: 'Checksum mismatches in the contacts store; investigating' })
  @IsText(1000)
  reason!: string;
}
