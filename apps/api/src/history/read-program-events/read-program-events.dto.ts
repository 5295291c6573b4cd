import { ReadEventsDto } from '../read-events/read-events.dto';

/** Same paging as the global log (by position), restricted to one program's streams. */
export class ReadProgramEventsDto extends ReadEventsDto {}
