import { ApiProperty } from '@nestjs/swagger';
import { StepDto } from '../shared/step.dto';
import { IsText } from '../shared/text.decorators';

export class RecordBatchFailedDto extends StepDto {
  @ApiProperty({ example: 'Row count mismatch: 24,991 of 25,000 users found in the target' })
  @IsText(1000)
  reason!: string;
}
