import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '../../shared/validation/is-instant.validator';
import { StepDto } from '../shared/step.dto';
import { IsText } from '../shared/text.decorators';

export class ReviseDeadlineDto extends StepDto {
  @ApiProperty({ example: '2014-11-30T23:59:59+08:00' })
  @IsInstant()
  deadline!: string;

  @ApiProperty({ example: 'Regulator granted a one-month extension for TW' })
  @IsText(1000)
  reason!: string;
}
