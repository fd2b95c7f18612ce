// The judging view (/?judge=1): a query's pooled passages from every mode, de-duplicated, in a per-query seeded
// shuffle and with the mode hidden (the server does all three, GET /judgments/pool), so the judge is blind. Keys:
// 0/1/2 grade the focused passage and move on, j/k or the arrow keys move. Grades go to POST /judgments. The admin
// key is asked for once and kept in sessionStorage (gone when the tab closes). Loaded on every page; inert without
// ?judge=1.
import { h } from './dom.js';

const KEY_STORAGE = 'searchservice.apiKey';
const JUDGE_STORAGE = 'searchservice.judge';
const GRADE_LABELS = ['not relevant', 'relevant', 'highly relevant'];

if (new URLSearchParams(location.search).get('judge') === '1') {
  start();
}

function start() {
  document.body.classList.add('judging');
  const view = build();
  document.body.prepend(view.root);

  /** @type {{query: string, items: any[], focused: number}} */
  const state = { query: '', items: [], focused: -1 };

  const apiKey = () => sessionStorage.getItem(KEY_STORAGE) ?? '';

  function showKeyForm(message) {
    view.keyForm.hidden = false;
    view.work.hidden = true;
    view.keyMessage.textContent = message ?? '';
    view.keyInput.focus();
  }

  function showWork() {
    view.keyForm.hidden = true;
    view.work.hidden = false;
    view.name.value = sessionStorage.getItem(JUDGE_STORAGE) ?? '';
    view.query.focus();
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { 'X-Api-Key': apiKey(), Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401 || response.status === 404) {
      sessionStorage.removeItem(KEY_STORAGE);
      showKeyForm(response.status === 401 ? 'That key was refused. Enter the admin API key.' : 'Judging is off: the service has no admin API key configured.');
      throw new Error('unauthorized');
    }
    if (!response.ok) {
      let detail = `HTTP ${response.status}`;
      try {
        const problem = await response.json();
        detail = problem.errors ? Object.values(problem.errors).flat().join(' ') : (problem.detail ?? problem.title ?? detail);
      } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response;
  }

  async function loadPool(query) {
    state.query = query;
    view.status.textContent = `Pooling results for “${query}”…`;
    view.list.replaceChildren();
    try {
      const pool = await (await call('GET', `/judgments/pool?q=${encodeURIComponent(query)}&k=10`)).json();
      state.items = pool.results;
      state.focused = -1;
      view.list.replaceChildren(...pool.results.map(renderItem));
      view.list.dataset.query = query;
      updateStatus();
      focusItem(state.items.findIndex((item) => item.grade === null));
    } catch (error) {
      if (error.message !== 'unauthorized') view.status.textContent = `Could not pool results: ${error.message}`;
    }
  }

  function renderItem(item, index) {
    const li = h('li', { class: 'judge-item', tabindex: '-1', 'data-passage-id': item.passageId, 'data-index': String(index) },
      h('span', { class: 'judge-grade' }), h('p', { class: 'judge-title' }, item.title), h('p', { class: 'judge-text' }, item.text));
    setGrade(li, item.grade);
    li.addEventListener('click', () => focusItem(index));
    return li;
  }

  function setGrade(li, grade) {
    const badge = li.querySelector('.judge-grade');
    if (grade === null || grade === undefined) {
      delete li.dataset.grade;
      badge.textContent = 'not judged';
    } else {
      li.dataset.grade = String(grade);
      badge.textContent = `${grade} · ${GRADE_LABELS[grade]}`;
    }
  }

  function focusItem(index) {
    const items = view.list.children;
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, index < 0 ? 0 : index));
    items[state.focused]?.classList.remove('focused');
    state.focused = next;
    const li = /** @type {HTMLElement} */ (items[next]);
    li.classList.add('focused');
    li.focus();
    li.scrollIntoView({ block: 'nearest' });
  }

  // The focus moves on at once (a judge types 2, 1, 0 … without waiting); the grade shows when the server has it.
  async function grade(value) {
    const li = /** @type {HTMLElement | undefined} */ (view.list.children[state.focused]);
    if (!li) return;
    const item = state.items[state.focused];
    const judge = view.name.value.trim();
    sessionStorage.setItem(JUDGE_STORAGE, judge);
    li.dataset.saving = 'true';
    focusItem(state.focused + 1);
    try {
      await call('POST', '/judgments', [{ query: state.query, passageId: item.passageId, grade: value, judge: judge || undefined }]);
      item.grade = value;
      setGrade(li, value);
      updateStatus();
    } catch (error) {
      if (error.message !== 'unauthorized') view.status.textContent = `Could not record the grade: ${error.message}`;
    } finally {
      delete li.dataset.saving;
    }
  }

  function updateStatus() {
    const judged = state.items.filter((item) => item.grade !== null && item.grade !== undefined).length;
    view.status.textContent = `${judged} of ${state.items.length} judged for “${state.query}”. Keys: 0 / 1 / 2 grade, j / k or ↓ / ↑ move.`;
    view.list.dataset.judged = String(judged);
  }

  async function download(format) {
    try {
      const blob = await (await call('GET', `/judgments?format=${format}`)).blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = format === 'beir' ? 'judgments-beir.zip' : 'judgments.qrels';
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      if (error.message !== 'unauthorized') view.status.textContent = `Could not export: ${error.message}`;
    }
  }

  view.keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!view.keyInput.value) return;
    sessionStorage.setItem(KEY_STORAGE, view.keyInput.value);
    view.keyInput.value = '';
    showWork();
  });
  view.queryForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = view.query.value.trim();
    if (query) loadPool(query);
  });
  view.exportTrec.addEventListener('click', () => download('trec'));
  view.exportBeir.addEventListener('click', () => download('beir'));

  // Capture phase on window: runs before the search page's own shortcuts, which stay out of the judging view.
  window.addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.ctrlKey || event.metaKey || event.altKey || target.matches('input, textarea, select, button')) return;
    const moves = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
    if (event.key in moves) {
      focusItem(state.focused + moves[event.key]);
    } else if (['0', '1', '2'].includes(event.key)) {
      grade(Number(event.key));
    } else {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }, { capture: true });

  if (apiKey()) showWork();
  else showKeyForm();
}

function build() {
  const button = (text, type = 'button') => h('button', { type, class: 'button' }, text);
  const keyInput = h('input', { id: 'judge-key', type: 'password', autocomplete: 'off' });
  const keyMessage = h('p', { id: 'judge-key-message', class: 'judge-message', role: 'alert' });
  const keyForm = h('form', { id: 'judge-key-form', class: 'judge-form' },
    h('label', { for: 'judge-key' }, 'Admin API key'), keyInput, button('Start judging', 'submit'), keyMessage);

  const query = h('input', { id: 'judge-query', type: 'search', autocomplete: 'off' });
  const name = h('input', { id: 'judge-name', autocomplete: 'off' });
  const queryForm = h('form', { id: 'judge-query-form', class: 'judge-form' },
    h('label', { for: 'judge-query' }, 'Query'), query, h('label', { for: 'judge-name' }, 'Your name'), name, button('Pool results', 'submit'));
  const status = h('p', { id: 'judge-status', class: 'judge-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ol', { id: 'judge-results', class: 'judge-results', 'aria-label': 'Pooled passages to judge' });
  const exportTrec = button('Export TREC qrels');
  const exportBeir = button('Export BEIR zip');
  const work = h('section', { id: 'judge-work' }, queryForm, status, list, h('p', { class: 'judge-exports' }, exportTrec, exportBeir));

  const root = h('main', { id: 'judge', class: 'judge' },
    h('h1', {}, 'Judge results'),
    h('p', { class: 'judge-intro' }, 'Passages from every retrieval mode, pooled and shuffled, with the mode hidden. Grade each: 0 not relevant, 1 relevant, 2 highly relevant.'),
    keyForm, work);
  return { root, keyForm, keyInput, keyMessage, work, queryForm, query, name, status, list, exportTrec, exportBeir };
}
