// Thin client for the service's HTTP API: JSON in, JSON out, RFC 7807 problems turned into ApiError.

/** An API call that failed: a problem response from the service, or no response at all. */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the service could not be reached.
   * @param {string} title One line for a heading.
   * @param {{param: string|null, message: string}[]} messages What went wrong: the problem's `errors`, one per
   *   message, naming the parameter, or its `detail`.
   */
  constructor(status, title, messages) {
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.messages = messages;
  }
}

const isAbort = (error) => error instanceof DOMException && error.name === 'AbortError';
export { isAbort };

function buildUrl(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (Array.isArray(value)) {
      // Repeatable parameters (documentId=a&documentId=b).
      for (const item of value) query.append(name, String(item));
    } else if (value !== undefined && value !== null && value !== '' && value !== false) {
      query.set(name, String(value));
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function problemToError(status, problem) {
  const messages = [];
  if (problem && typeof problem.errors === 'object' && problem.errors !== null) {
    for (const [param, list] of Object.entries(problem.errors)) {
      for (const message of Array.isArray(list) ? list : [list]) {
        messages.push({ param, message: String(message) });
      }
    }
  }
  if (messages.length === 0 && problem && typeof problem.detail === 'string' && problem.detail) {
    messages.push({ param: null, message: problem.detail });
  }
  let title = problem && typeof problem.title === 'string' && problem.title ? problem.title : null;
  if (status === 503) {
    title ??= 'The service is not ready';
    messages.push({ param: null, message: 'The index is still being built or a retrieval mode is unavailable. Try again in a moment, or use lexical mode.' });
  }
  title ??= status >= 500 ? `The service failed (HTTP ${status})` : `The request was refused (HTTP ${status})`;
  return new ApiError(status, title, messages);
}

/**
 * GET a JSON resource. Resolves to the parsed body; rejects with ApiError (or an AbortError when `signal` aborts).
 * @param {string} path
 * @param {Record<string, unknown>} params
 * @param {AbortSignal} [signal]
 */
export async function getJson(path, params, signal) {
  let response;
  try {
    response = await fetch(buildUrl(path, params), { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'Cannot reach the search service', [{ param: null, message: 'Check that the service is running, then try again.' }]);
  }
  if (response.ok) {
    return await response.json();
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
  }
  throw problemToError(response.status, problem);
}

export const search = (params, signal) => getJson('/search', params, signal);

/** Completions of a partial query from indexed terms and titles: { suggestions: [{ text, kind, documentId? }] }. */
export const suggest = (params, signal) => getJson('/suggest', params, signal);

export const getStats = (signal) => getJson('/stats', {}, signal);

export const getDocument = (id, signal) => getJson(`/documents/${encodeURIComponent(id)}`, {}, signal);

/**
 * Ask for an answer. Resolves to null when the endpoint does not exist (404) or fails: the page then shows no
 * answer box, and the search results carry any error worth showing.
 */
export async function ask(params, signal) {
  try {
    return await getJson('/ask', params, signal);
  } catch (error) {
    if (isAbort(error)) throw error;
    return null;
  }
}
