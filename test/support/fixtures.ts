import type { TestServer } from './test-server';

export const DEADLINE_2014 = '2014-10-31T23:59:59+08:00';

export function programBody(
  programId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    programId,
    name: 'International user data relocation 2014',
    sourceRegion: 'cn-north',
    deadline: DEADLINE_2014,
    timeZone: 'Asia/Singapore',
    dataCategories: ['device-ids', 'phone-numbers', 'contacts', 'messages', 'backups', 'cloud-files'],
    ...overrides,
  };
}

/** POSTs and fails the test with the server's answer when the status is not the expected one. */
export async function expectPost(
  server: TestServer,
  path: string,
  body?: unknown,
  status = 201,
): Promise<any> {
  const answer = await server.post(path, body);
  if (answer.status !== status)
    throw new Error(`POST ${path} answered ${answer.status}, expected ${status}: ${answer.text}`);
  return answer.body;
}

/** Notifications at test pace: re-assessed every 150 ms, retried after 100 ms, to receivers on loopback. */
export const NOTIFY_TEST_ENV = {
  NOTIFY_INTERVAL_MS: '150',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  PUBLIC_URL: 'https://tracker.example.com',
};
