export { createTrackerClient, type ApiErrorBody, type ApiSchemas, type TrackerApi } from './tracker-client';
export type { TrackerClientOptions } from './tracker-client';
export type { components, operations, paths } from './schema';
