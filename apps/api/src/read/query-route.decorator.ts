import { applyDecorators, Get, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ETagInterceptor } from './etag.interceptor';

/** A read route: any valid key, ETag / If-None-Match, `?minPosition=` for read-your-writes. */
export function QueryRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(
    Get(path),
    UseInterceptors(ETagInterceptor),
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ApiResponse({ status: 304, description: 'not modified since the ETag sent in If-None-Match' }),
    ApiResponse({ status: 404, description: 'unknown program or market' }),
    ApiResponse({ status: 503, description: 'the read models did not reach `minPosition` in time' }),
  );
}
