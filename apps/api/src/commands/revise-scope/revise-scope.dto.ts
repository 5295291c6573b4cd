import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_USERS, StepDto } from '../shared/step.dto';
import { IsText } from '../shared/text.decorators';

export class ReviseScopeDto extends StepDto {
  @ApiProperty({ example: 640000, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_USERS)
  usersInScope!: number;

  @ApiProperty({ example: 'Dormant accounts re-activated before the freeze' })
  @IsText(1000)
  reason!: string;
}
