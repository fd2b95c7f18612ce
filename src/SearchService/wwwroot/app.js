// The search page: search as you type, answer box, cited results, the cited document with its passage highlighted.
// State lives in the URL (?q=&mode=&explain=1&doc=&passage=, and the filters and sort of refine.js). Only the server's `snippet` (escaped HTML with <mark>)
// is inserted as HTML; everything else goes in as text.
import { ApiError, ask, getDocument, getStats, isAbort, search } from './api.js';
import { createRefiner, emptyRefinement, readRefinement, refinementKey, refinementParams, writeRefinement } from './refine.js';
import { createSuggestions } from './suggest.js';
import { h } from './dom.js';

const MODES = ['hybrid', 'lexical', 'semantic', 'learned'];
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const el = {
  main: $('main'),
  form: /** @type {HTMLFormElement} */ ($('search-form')),
  q: /** @type {HTMLInputElement} */ ($('q')),
  explain: /** @type {HTMLInputElement} */ ($('explain')),
  progress: $('progress'),
  status: $('status'),
  answer: $('answer'),
  answerText: $('answer-text'),
  answerConfidence: $('answer-confidence'),
  answerConfidenceFill: $('answer-confidence-fill'),
  answerConfidenceLabel: $('answer-confidence-label'),
  answerCite: /** @type {HTMLAnchorElement} */ ($('answer-cite')),
  answerReason: $('answer-reason'),
  error: $('error'),
  errorTitle: $('error-title'),
  errorMessages: $('error-messages'),
  errorRetry: $('error-retry'),
  empty: $('empty'),
  noResults: $('no-results'),
  noResultsQuery: $('no-results-query'),
  results: $('results'),
  more: /** @type {HTMLButtonElement} */ ($('more')),
  doc: $('doc'),
  docClose: $('doc-close'),
  docTitle: $('doc-title'),
  docMeta: $('doc-meta'),
  docCited: $('doc-cited'),
  docText: $('doc-text'),
};

/** What the page shows now. */
const state = {
  q: '',
  mode: 'hybrid',
  explain: false,
  /** Filters and sort (refine.js). */
  refine: emptyRefinement(),
  /** @type {any[]} */ results: [],
  total: 0,
  /** Sequence number of the newest search; responses of older ones are dropped. */
  seq: 0,
  /** @type {AbortController | null} */ searchAbort: null,
  /** @type {AbortController | null} */ docAbort: null,
  /** @type {{documentId: string, passageId: string} | null} */ doc: null,
  /** True when opening the document added a history entry, so closing it can go back. */
  docPushed: false,
  /** The element focused before the document opened, to return to. */
  /** @type {HTMLElement | null} */ docOpener: null,
  scrollBeforeDoc: 0,
  /** The key (q, mode, explain) of the search whose results are shown or loading. */
  shownKey: '',
};

let debounceTimer = 0;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2021-12-14T07:08:00" → "14 Dec 2021" (article dates have no offset: show the calendar date as written). */
function formatDate(value) {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!match) return null;
  return dateFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function formatMs(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatScore(score) {
  if (typeof score !== 'number' || !Number.isFinite(score)) return '–';
  return Math.abs(score) >= 1 ? score.toFixed(2) : score.toPrecision(3);
}

const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

const searchKey = () => JSON.stringify([state.q.trim(), state.mode, state.explain, refinementKey(state.refine)]);

// ---------------------------------------------------------------------------------------------------------------
// URL state

function readUrl() {
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode');
  return {
    q: params.get('q') ?? '',
    mode: MODES.includes(mode ?? '') ? /** @type {string} */ (mode) : 'hybrid',
    explain: params.get('explain') === '1' || params.get('explain') === 'true',
    refine: readRefinement(params),
    doc: params.get('doc'),
    passage: params.get('passage'),
    sentence: params.get('sentence'),
  };
}

/** The URL for the current search, optionally with an open document. */
function urlFor({ doc = null, passage = null, sentence = null } = {}) {
  const params = new URLSearchParams();
  const q = state.q.trim();
  if (q) params.set('q', q);
  if (state.mode !== 'hybrid') params.set('mode', state.mode);
  if (state.explain) params.set('explain', '1');
  writeRefinement(params, state.refine);
  if (doc) params.set('doc', doc);
  if (passage) params.set('passage', passage);
  if (sentence) params.set('sentence', sentence);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

/** Writes the search to the URL: a new history entry for deliberate changes, a replaced one while typing. */
function writeSearchUrl(push) {
  const url = urlFor();
  if (url === location.pathname + location.search) return;
  const hadQuery = new URLSearchParams(location.search).has('q');
  if (push || (!hadQuery && state.q.trim())) history.pushState({ page: 'search' }, '', url);
  else history.replaceState({ page: 'search' }, '', url);
}

function syncControls() {
  if (el.q.value.trim() !== state.q.trim()) el.q.value = state.q;
  for (const radio of el.form.querySelectorAll('input[name="mode"]')) {
    /** @type {HTMLInputElement} */ (radio).checked = /** @type {HTMLInputElement} */ (radio).value === state.mode;
  }
  el.explain.checked = state.explain;
  refiner.sync(state.refine);
  document.title = state.q.trim() ? `${state.q.trim()} – SearchService` : 'SearchService';
}

// ---------------------------------------------------------------------------------------------------------------
// Search

function setView(view) {
  el.main.dataset.state = view;
  el.empty.hidden = view !== 'empty';
  el.noResults.hidden = view !== 'no-results';
  el.error.hidden = view !== 'error';
  el.results.hidden = view !== 'results' && view !== 'loading';
}

function setBusy(busy) {
  el.progress.hidden = !busy;
  el.main.setAttribute('aria-busy', busy ? 'true' : 'false');
}

function scheduleSearch() {
  clearTimeout(debounceTimer);
  debounceTimer = window.setTimeout(() => runSearch({ push: false }), DEBOUNCE_MS);
}

/**
 * Runs the current search (state.q/mode/explain). Aborts the previous one; a response that arrives for an older
 * search is dropped, so a late answer never overwrites a newer one.
 */
function runSearch({ push, writeUrl = true }) {
  clearTimeout(debounceTimer);
  state.searchAbort?.abort();
  const seq = ++state.seq;
  const q = state.q.trim();
  state.shownKey = searchKey();
  if (writeUrl) writeSearchUrl(push);
  syncControls();

  if (!q) {
    state.searchAbort = null;
    state.results = [];
    state.total = 0;
    el.results.replaceChildren();
    el.results.removeAttribute('data-query');
    el.more.hidden = true;
    clearAnswer();
    refiner.clear();
    setBusy(false);
    el.status.textContent = '';
    setView('empty');
    return;
  }

  const controller = new AbortController();
  state.searchAbort = controller;
  setBusy(true);
  if (el.main.dataset.state !== 'results') setView('loading');
  const params = { q, mode: state.mode, k: PAGE_SIZE, explain: state.explain, ...refinementParams(state.refine) };

  search(params, controller.signal).then(
    (response) => {
      if (seq !== state.seq) return;
      setBusy(false);
      renderResults(response, { append: false });
    },
    (error) => {
      if (isAbort(error) || seq !== state.seq) return;
      setBusy(false);
      renderError(error);
    });

  ask({ q, mode: state.mode }, controller.signal).then(
    (response) => { if (seq === state.seq) renderAnswer(response); },
    () => { if (seq === state.seq) clearAnswer(); });
}

function loadMore() {
  const q = state.q.trim();
  if (!q || !state.searchAbort) return;
  const seq = state.seq;
  const signal = state.searchAbort.signal;
  el.more.disabled = true;
  setBusy(true);
  search({ q, mode: state.mode, k: PAGE_SIZE, offset: state.results.length, explain: state.explain, ...refinementParams(state.refine) }, signal).then(
    (response) => {
      if (seq !== state.seq) return;
      setBusy(false);
      el.more.disabled = false;
      renderResults(response, { append: true });
    },
    (error) => {
      if (isAbort(error) || seq !== state.seq) return;
      setBusy(false);
      el.more.disabled = false;
      renderError(error);
    });
}

function renderResults(response, { append }) {
  const results = Array.isArray(response.results) ? response.results : [];
  state.total = typeof response.total === 'number' ? response.total : results.length;
  state.results = append ? state.results.concat(results) : results;

  const fragment = document.createDocumentFragment();
  results.forEach((result) => fragment.append(renderResult(result)));
  if (append) el.results.append(fragment);
  else el.results.replaceChildren(fragment);
  el.results.dataset.query = response.query ?? state.q.trim();
  el.results.dataset.mode = response.mode ?? state.mode;
  if (!append) {
    refiner.renderFacets(response.facets);
    refiner.renderDidYouMean(typeof response.didYouMean === 'string' ? response.didYouMean : null);
  }

  const shown = state.results.length;
  el.more.hidden = shown === 0 || shown >= state.total;
  if (shown === 0) {
    el.noResultsQuery.textContent = response.query ?? state.q.trim();
    el.status.textContent = `No results · ${formatMs(response.tookMs)} · ${response.mode ?? state.mode}`;
    setView('no-results');
    return;
  }

  const count = shown < state.total ? `${shown} of ${plural(state.total, 'result', 'results')}` : plural(state.total, 'result', 'results');
  el.status.replaceChildren(
    h('strong', {}, count),
    h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
    h('span', { 'data-took': '' }, formatMs(response.tookMs)),
    h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
    h('span', { class: 'status-mode' }, response.mode ?? state.mode));
  setView('results');
}

function citationMeta(citation) {
  const parts = [];
  const date = formatDate(citation.published);
  if (date) parts.push(h('time', { datetime: String(citation.published).slice(0, 10) }, date));
  if (citation.publisher) parts.push(h('span', {}, citation.publisher));
  if (typeof citation.paragraph === 'number') parts.push(h('span', { title: 'Paragraph of the document' }, `¶ ${citation.paragraph}`));
  if (typeof citation.lineStart === 'number') {
    const lines = citation.lineEnd && citation.lineEnd !== citation.lineStart ? `lines ${citation.lineStart}–${citation.lineEnd}` : `line ${citation.lineStart}`;
    parts.push(h('span', { title: `${citation.sourcePath ?? ''}` }, lines));
  }
  const meta = h('span', { class: 'cite-meta' });
  parts.forEach((part, i) => {
    if (i > 0) meta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    meta.append(part);
  });
  return meta;
}

function docHref(documentId, passageId, sentence) {
  return urlFor({ doc: documentId, passage: passageId, sentence });
}

function renderResult(result) {
  const citation = result.citation ?? {};
  const title = citation.title || citation.sourcePath || citation.documentId || 'Untitled document';
  const item = h('li', {
    class: 'result',
    tabindex: '-1',
    'data-passage-id': result.passageId,
    'data-document-id': citation.documentId,
    'data-rank': result.rank,
  });

  const top = h('div', { class: 'result-top' }, h('span', { class: 'rank', 'aria-label': `Result ${result.rank}` }, String(result.rank)));
  if (result.kind && result.kind !== 'paragraph') {
    top.append(h('span', { class: `kind kind-${result.kind}` }, result.kind === 'question' ? 'Question' : result.kind === 'caption' ? 'Caption' : result.kind));
  }
  top.append(h('span', { class: 'score', title: 'Score' }, formatScore(result.score)));
  item.append(top);

  const snippet = h('p', { class: 'snippet' });
  // The server escapes the passage and marks the matched words: this is the one place HTML is inserted.
  snippet.innerHTML = typeof result.snippet === 'string' ? result.snippet : '';
  if (!snippet.textContent) snippet.textContent = result.text ?? '';
  item.append(snippet);

  const cite = h('div', { class: 'citation' });
  const link = h('a', { class: 'cite-link', href: docHref(citation.documentId, result.passageId) }, title);
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openDocument({ documentId: citation.documentId, passageId: result.passageId, range: [citation.charStart, citation.charEnd], opener: item, push: true });
  });
  cite.append(link, citationMeta(citation));
  if (citation.section) cite.append(h('span', { class: 'cite-section', title: citation.section }, citation.section));
  item.append(cite);

  if (result.scores) item.append(renderScores(result.scores));
  return item;
}

function renderScores(scores) {
  const rank = (value) => (typeof value === 'number' ? `#${value}` : 'not retrieved');
  const list = h('dl', { class: 'scores' });
  const add = (term, text) => list.append(h('div', {}, h('dt', {}, term), h('dd', {}, text)));
  add('Lexical', `${rank(scores.lexicalRank)}${typeof scores.lexical === 'number' ? ` (${formatScore(scores.lexical)})` : ''}`);
  add('Semantic', `${rank(scores.semanticRank)}${typeof scores.semantic === 'number' ? ` (${formatScore(scores.semantic)})` : ''}`);
  if (typeof scores.fused === 'number') add('Fused', formatScore(scores.fused));
  return list;
}

function renderError(error) {
  const apiError = error instanceof ApiError ? error : new ApiError(0, 'Something went wrong', [{ param: null, message: String(error?.message ?? error) }]);
  el.errorTitle.textContent = apiError.title;
  el.errorMessages.replaceChildren(...apiError.messages.map(({ param, message }) =>
    h('li', {}, param ? h('code', { class: 'param' }, param) : null, message)));
  el.error.dataset.status = String(apiError.status);
  // A refused request (4xx) fails the same way again; a network failure or a 5xx may not.
  el.errorRetry.hidden = apiError.status >= 400 && apiError.status < 500;
  el.status.textContent = apiError.status ? `Error ${apiError.status}` : 'Error';
  el.more.hidden = true;
  el.results.replaceChildren();
  state.results = [];
  refiner.clear();
  clearAnswer();
  setView('error');
}

// ---------------------------------------------------------------------------------------------------------------
// Answer

function clearAnswer() {
  el.answer.hidden = true;
  el.answer.removeAttribute('data-passage-id');
  el.answerReason.hidden = true;
  el.answerReason.textContent = '';
  $('answer-alternatives')?.remove();
}

/**
 * "Earlier sources said …": the other sources' differing answers (a figure that changed over time), newest first,
 * each with its date ("undated" when the article states none) and a link that opens it at the sentence.
 */
function renderAlternatives(alternatives) {
  if (!Array.isArray(alternatives) || alternatives.length === 0) return null;
  const items = alternatives.map((alt) => {
    const citation = alt.citation ?? {};
    const sentence = Number.isInteger(alt.charStart) && Number.isInteger(alt.charEnd) ? `${alt.charStart}-${alt.charEnd}` : null;
    const link = h('a', { class: 'cite-link', href: docHref(citation.documentId, alt.passageId, sentence) }, citation.title || citation.documentId || 'Source');
    link.onclick = (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      openDocument({
        documentId: citation.documentId,
        passageId: alt.passageId,
        range: [citation.charStart, citation.charEnd],
        sentence: [alt.charStart, alt.charEnd],
        opener: link,
        push: true,
      });
    };
    return h('li', { class: 'answer-alternative', 'data-passage-id': alt.passageId ?? '' },
      h('q', {}, alt.text ?? ''), ' ',
      h('span', { class: 'answer-alternative-date' }, `(${alt.published ? formatDate(alt.published) : 'undated'})`), ' ',
      link);
  });
  return h('div', { id: 'answer-alternatives', class: 'answer-alternatives' },
    h('p', { class: 'answer-alternatives-label' }, 'Earlier sources said:'),
    h('ul', {}, ...items));
}

function renderAnswer(response) {
  if (!response) {
    clearAnswer();
    return;
  }
  // The query this box now reflects (also when it stays hidden), so a test or tool can tell "answered" from "pending".
  el.answer.dataset.query = response.query ?? '';
  // Keyword searches ("doi moi") are not questions: no answer box and no "no answer" note either.
  if (response.isQuestion === false) {
    clearAnswer();
    return;
  }
  const answer = response.answer;
  if (!answer) {
    el.answer.hidden = true;
    el.answerReason.textContent = response.reason ? `No direct answer: ${response.reason}` : '';
    el.answerReason.hidden = !response.reason;
    return;
  }
  const citation = answer.citation ?? {};
  el.answerText.textContent = answer.text ?? '';
  const confidence = Math.max(0, Math.min(1, Number(answer.confidence) || 0));
  const percent = Math.round(confidence * 100);
  el.answerConfidenceFill.style.width = `${percent}%`;
  el.answerConfidenceLabel.textContent = `${percent}% confidence`;
  el.answerConfidence.dataset.level = confidence >= 0.7 ? 'high' : confidence >= 0.4 ? 'medium' : 'low';

  const title = citation.title || citation.sourcePath || citation.documentId || 'Source';
  const sentence = Number.isInteger(answer.charStart) && Number.isInteger(answer.charEnd) ? `${answer.charStart}-${answer.charEnd}` : null;
  el.answerCite.replaceChildren(
    h('span', { class: 'answer-cite-title' }, title),
    typeof citation.paragraph === 'number' ? h('span', { class: 'answer-cite-para' }, ` · ¶ ${citation.paragraph}`) : null);
  el.answerCite.href = docHref(citation.documentId, answer.passageId, sentence);
  el.answerCite.dataset.passageId = answer.passageId ?? '';
  el.answerCite.onclick = (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openDocument({
      documentId: citation.documentId,
      passageId: answer.passageId,
      range: [citation.charStart, citation.charEnd],
      sentence: [answer.charStart, answer.charEnd],
      opener: el.answerCite,
      push: true,
    });
  };
  $('answer-alternatives')?.remove();
  const alternatives = renderAlternatives(answer.alternatives);
  if (alternatives) el.answer.append(alternatives);
  el.answer.dataset.passageId = answer.passageId ?? '';
  el.answerReason.hidden = true;
  el.answer.hidden = false;
}

// ---------------------------------------------------------------------------------------------------------------
// Document view

/**
 * Opens a document with one passage highlighted (by its char offsets into rawText) and scrolled into view.
 * @param {{documentId: string, passageId: string, range?: number[], sentence?: number[] | null, opener?: HTMLElement | null, push: boolean}} options
 */
function openDocument({ documentId, passageId, range, sentence = null, opener = null, push }) {
  if (!documentId) return;
  if (!state.doc) {
    state.scrollBeforeDoc = window.scrollY;
    state.docOpener = opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  }
  state.doc = { documentId, passageId };
  const sentenceParam = sentence && Number.isInteger(sentence[0]) && Number.isInteger(sentence[1]) ? `${sentence[0]}-${sentence[1]}` : null;
  if (push) {
    history.pushState({ page: 'doc', pushed: true }, '', docHref(documentId, passageId, sentenceParam));
    state.docPushed = true;
  }

  state.docAbort?.abort();
  const controller = new AbortController();
  state.docAbort = controller;

  el.main.dataset.view = 'doc';
  el.doc.hidden = false;
  el.doc.dataset.state = 'loading';
  el.doc.dataset.documentId = documentId;
  el.docTitle.textContent = 'Loading document…';
  el.docMeta.replaceChildren();
  el.docCited.replaceChildren();
  el.docText.replaceChildren();
  window.scrollTo({ top: 0 });
  el.doc.focus({ preventScroll: true });

  getDocument(documentId, controller.signal).then(
    (detail) => {
      if (state.docAbort !== controller) return;
      renderDocument(detail, passageId, range, sentence);
    },
    (error) => {
      if (isAbort(error) || state.docAbort !== controller) return;
      el.doc.dataset.state = 'error';
      el.docTitle.textContent = error instanceof ApiError ? error.title : 'The document could not be loaded';
      el.docText.replaceChildren(...(error instanceof ApiError ? error.messages : []).map(({ message }) => h('p', { class: 'doc-error' }, message)));
    });
}

function renderDocument(detail, passageId, range, sentence) {
  const doc = detail.document ?? {};
  const raw = typeof detail.rawText === 'string' ? detail.rawText : '';
  const passages = Array.isArray(detail.passages) ? detail.passages : [];
  const passage = passages.find((p) => p.passageId === passageId);

  // Offsets from the citation when it was clicked, else from the document's own passage list (URL loads).
  let [start, end] = Array.isArray(range) && Number.isInteger(range[0]) && Number.isInteger(range[1]) ? range : [passage?.charStart, passage?.charEnd];
  const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= raw.length && start < end;

  el.docTitle.textContent = doc.title || doc.sourcePath || doc.documentId || 'Document';
  const meta = [];
  const date = formatDate(doc.published);
  if (date) meta.push(h('time', { datetime: String(doc.published).slice(0, 10) }, date));
  if (doc.publisher) meta.push(h('span', {}, doc.publisher));
  if (doc.byline) meta.push(h('span', {}, doc.byline));
  if (doc.sourcePath) meta.push(h('span', { class: 'path' }, doc.sourcePath));
  if (typeof doc.passageCount === 'number') meta.push(h('span', {}, plural(doc.passageCount, 'passage', 'passages')));
  if (typeof doc.url === 'string' && /^https?:\/\//i.test(doc.url)) {
    meta.push(h('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank' }, 'Original article ↗'));
  }
  el.docMeta.replaceChildren();
  meta.forEach((part, i) => {
    if (i > 0) el.docMeta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    el.docMeta.append(part);
  });

  if (!valid) {
    el.docText.replaceChildren(document.createTextNode(raw));
    el.docCited.textContent = passageId ? `The cited passage (${passageId}) is no longer in this document.` : '';
    el.doc.dataset.state = 'ready';
    return;
  }

  const cited = [];
  if (passage && typeof passage.ordinal === 'number') cited.push(`paragraph ${passage.ordinal + 1}`);
  if (passage?.section) cited.push(`in “${passage.section}”`);
  if (passage && Number.isInteger(passage.lineStart)) {
    cited.push(passage.lineEnd !== passage.lineStart ? `lines ${passage.lineStart}–${passage.lineEnd}` : `line ${passage.lineStart}`);
  }
  el.docCited.replaceChildren(h('span', { class: 'doc-cited-swatch', 'aria-hidden': 'true' }), `Cited passage${cited.length ? `: ${cited.join(', ')}` : ''}`);

  const mark = h('mark', { class: 'cited', 'data-passage-id': passageId, id: 'cited-passage' });
  const [s0, s1] = Array.isArray(sentence) && Number.isInteger(sentence[0]) && Number.isInteger(sentence[1])
    ? [Math.max(start, sentence[0]), Math.min(end, sentence[1])] : [0, 0];
  if (s0 < s1) {
    mark.append(raw.slice(start, s0), h('strong', { class: 'answer-sentence' }, raw.slice(s0, s1)), raw.slice(s1, end));
  } else {
    mark.append(raw.slice(start, end));
  }
  el.docText.replaceChildren(raw.slice(0, start), mark, raw.slice(end));
  el.doc.dataset.state = 'ready';
  mark.scrollIntoView({ block: 'center' });
}

/** Closes the document: back in history when opening it added the entry, so Back and Escape agree. */
function closeDocument() {
  if (!state.doc) return;
  if (state.docPushed && history.state?.pushed) {
    history.back(); // popstate hides the view
    return;
  }
  history.replaceState({ page: 'search' }, '', urlFor());
  hideDocument();
}

function hideDocument({ restoreFocus = true } = {}) {
  state.docAbort?.abort();
  state.docAbort = null;
  state.doc = null;
  state.docPushed = false;
  el.doc.hidden = true;
  delete el.main.dataset.view;
  el.docText.replaceChildren();
  const opener = state.docOpener;
  state.docOpener = null;
  if (!restoreFocus) return;
  window.scrollTo({ top: state.scrollBeforeDoc });
  if (opener && opener.isConnected) opener.focus({ preventScroll: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Keyboard

function resultItems() {
  return /** @type {HTMLElement[]} */ ([...el.results.querySelectorAll(':scope > li.result')]);
}

function moveFocus(delta) {
  const items = resultItems();
  if (items.length === 0) return false;
  const current = document.activeElement instanceof HTMLElement ? document.activeElement.closest('li.result') : null;
  const index = current ? items.indexOf(/** @type {HTMLElement} */ (current)) : -1;
  const next = index + delta;
  if (next < 0) {
    el.q.focus();
    return true;
  }
  const target = items[Math.min(next, items.length - 1)];
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
  return true;
}

function openFocusedResult(item) {
  const link = /** @type {HTMLAnchorElement | null} */ (item.querySelector('a.cite-link'));
  link?.click();
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
  const target = event.target;

  if (event.key === 'Escape' && state.doc) {
    event.preventDefault();
    closeDocument();
    return;
  }
  if (event.key === '/' && !isTyping(target)) {
    event.preventDefault();
    if (state.doc) closeDocument();
    el.q.focus();
    el.q.select();
    return;
  }
  if (state.doc) return;

  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const inResults = target instanceof HTMLElement && target.closest('li.result') !== null;
    if (target === el.q || inResults || target === document.body || target === el.results) {
      if (event.key === 'ArrowUp' && target === el.q) return;
      if (moveFocus(event.key === 'ArrowDown' ? 1 : -1)) event.preventDefault();
    }
    return;
  }
  if (event.key === 'Enter' && target instanceof HTMLElement && target.matches('li.result')) {
    event.preventDefault();
    openFocusedResult(target);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Wiring

el.q.addEventListener('input', () => {
  state.q = el.q.value;
  if (state.doc) {
    // Typing a new search leaves the document for the results.
    history.replaceState({ page: 'search' }, '', urlFor());
    hideDocument({ restoreFocus: false });
  }
  if (searchKey() === state.shownKey) return;
  if (!state.q.trim()) runSearch({ push: false });
  else scheduleSearch();
});

el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  state.q = el.q.value;
  if (searchKey() !== state.shownKey || el.main.dataset.state === 'error') runSearch({ push: false });
});

el.form.addEventListener('change', (event) => {
  const target = event.target;
  if (!(target instanceof HTMLInputElement)) return;
  if (target.name === 'mode' && target.checked) state.mode = target.value;
  else if (target === el.explain) state.explain = target.checked;
  else return;
  state.q = el.q.value;
  runSearch({ push: true });
});

el.empty.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-example]') : null;
  if (!link) return;
  event.preventDefault();
  state.q = link.getAttribute('data-example') ?? '';
  runSearch({ push: true });
});

const refiner = createRefiner({
  facets: $('facets'),
  from: /** @type {HTMLInputElement} */ ($('published-from')),
  to: /** @type {HTMLInputElement} */ ($('published-to')),
  sort: /** @type {HTMLSelectElement} */ ($('sort')),
  clear: /** @type {HTMLButtonElement} */ ($('clear-filters')),
  didYouMean: $('did-you-mean'),
  didYouMeanLink: /** @type {HTMLAnchorElement} */ ($('did-you-mean-link')),
}, (refinement) => {
  state.refine = refinement;
  state.q = el.q.value;
  runSearch({ push: true });
}, (corrected) => {
  state.q = corrected;
  runSearch({ push: true });
});

const suggestions = createSuggestions(el.q, $('suggestions'), (query) => {
  el.q.value = query;
  state.q = query;
  runSearch({ push: true });
});
el.form.addEventListener('submit', () => suggestions.close());

// Learned ranking is offered only when the service has a model to rank with (/stats says so).
getStats().then((stats) => {
  $('mode-learned').hidden = stats?.learnedRanking !== true;
}, () => {});

el.more.addEventListener('click', loadMore);
el.errorRetry.addEventListener('click', () => runSearch({ push: false }));
el.docClose.addEventListener('click', closeDocument);

/** Applies the URL (first load, Back/Forward): runs the search if it differs and opens or closes the document. */
function applyUrl() {
  const url = readUrl();
  state.q = url.q;
  state.mode = url.mode;
  state.explain = url.explain;
  state.refine = url.refine;
  syncControls();
  if (searchKey() !== state.shownKey) runSearch({ push: false, writeUrl: false });

  if (url.doc) {
    const sentence = url.sentence && /^\d+-\d+$/.test(url.sentence) ? url.sentence.split('-').map(Number) : null;
    if (!state.doc || state.doc.documentId !== url.doc || state.doc.passageId !== url.passage) {
      openDocument({ documentId: url.doc, passageId: url.passage ?? '', sentence, push: false });
    }
    state.docPushed = history.state?.pushed === true;
  } else if (state.doc) {
    hideDocument();
  }
}

// The sticky header's height, for the document's sticky bar and scroll margins (it wraps on narrow screens).
const header = $('top');
const setHeaderHeight = () => document.documentElement.style.setProperty('--header-h', `${header.offsetHeight}px`);
new ResizeObserver(setHeaderHeight).observe(header);
setHeaderHeight();

window.addEventListener('popstate', applyUrl);
history.replaceState({ page: readUrl().doc ? 'doc' : 'search' }, '', location.pathname + location.search);
state.shownKey = '\u0000'; // force the first run
applyUrl();
if (!readUrl().doc && !readUrl().q) el.q.focus();
