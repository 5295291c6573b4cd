import { contractProblem, isJsonAnswer } from './openapi-contract';

/**
 * `fetch` for suites that talk to a server TestServer did not start (a spawned process, the demo): the answer
 * is checked against that server's OpenAPI document before it is returned, and a mismatch fails the test. A
 * JSON body is read from a clone, so the caller reads the answer as usual.
 */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  const { pathname, search } = new URL(url);
  const problem = await contractProblem(url, {
    method: init.method ?? 'GET',
    path: pathname + search,
    status: response.status,
    headers: response.headers,
    text: isJsonAnswer(response.headers.get('content-type')) ? await response.clone().text() : undefined,
  });
  if (problem) throw new Error(`OpenAPI mismatch: ${problem}`);
  return response;
}
