import { ApiProperty } from '@nestjs/swagger';

export class WriteResultDto {
  @ApiProperty({ example: 'market-intl-2014-IN' })
  streamId!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 4,
    description: 'revision of the stream after the write; send it as If-Match next time',
  })
  revision!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 1234,
    description: 'global log position of the last event written',
  })
  position!: number;
}
