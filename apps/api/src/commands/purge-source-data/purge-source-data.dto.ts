import { ApiProperty } from '@nestjs/swagger';
import { StepDto } from '../shared/step.dto';
import { IsText } from '../shared/text.decorators';

export class PurgeSourceDataDto extends StepDto {
  @ApiProperty({
    example: 'CHG-20141020-IN: wipe report sha256 9f86d081…',
    description: 'what proves the source copy is gone',
  })
  @IsText(2000)
  evidence!: string;
}
