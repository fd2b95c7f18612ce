// The judging view (/?judge=1): a query's pooled passages from every mode, de-duplicated, in a per-query seeded
// shuffle and with the mode hidden (the server does all three, GET /judgments/pool), so the judge is blind. Keys:
// 0/1/2 grade the focused passage and move on, j/k or the arrow keys move. Grades go to POST /judgments. The admin
// key is asked for once and kept in sessionStorage (gone when the tab closes). Loaded on every page; inert without
// ?judge=1.
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
    const li = document.createElement('li');
    li.className = 'judge-item';
    li.tabIndex = -1;
    li.dataset.passageId = item.passageId;
    li.dataset.index = String(index);
    const title = document.createElement('p');
    title.className = 'judge-title';
    title.textContent = item.title;
    const text = document.createElement('p');
    text.className = 'judge-text';
    text.textContent = item.text;
    const grade = document.createElement('span');
    grade.className = 'judge-grade';
    li.append(grade, title, text);
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
  const root = document.createElement('main');
  root.id = 'judge';
  root.className = 'judge';
  const heading = document.createElement('h1');
  heading.textContent = 'Judge results';
  const intro = document.createElement('p');
  intro.className = 'judge-intro';
  intro.textContent = 'Passages from every retrieval mode, pooled and shuffled, with the mode hidden. Grade each: 0 not relevant, 1 relevant, 2 highly relevant.';

  const keyForm = document.createElement('form');
  keyForm.id = 'judge-key-form';
  keyForm.className = 'judge-form';
  const keyLabel = document.createElement('label');
  keyLabel.htmlFor = 'judge-key';
  keyLabel.textContent = 'Admin API key';
  const keyInput = document.createElement('input');
  keyInput.id = 'judge-key';
  keyInput.type = 'password';
  keyInput.autocomplete = 'off';
  const keyButton = document.createElement('button');
  keyButton.type = 'submit';
  keyButton.className = 'button';
  keyButton.textContent = 'Start judging';
  const keyMessage = document.createElement('p');
  keyMessage.id = 'judge-key-message';
  keyMessage.className = 'judge-message';
  keyMessage.setAttribute('role', 'alert');
  keyForm.append(keyLabel, keyInput, keyButton, keyMessage);

  const work = document.createElement('section');
  work.id = 'judge-work';
  const queryForm = document.createElement('form');
  queryForm.id = 'judge-query-form';
  queryForm.className = 'judge-form';
  const queryLabel = document.createElement('label');
  queryLabel.htmlFor = 'judge-query';
  queryLabel.textContent = 'Query';
  const query = document.createElement('input');
  query.id = 'judge-query';
  query.type = 'search';
  query.autocomplete = 'off';
  const nameLabel = document.createElement('label');
  nameLabel.htmlFor = 'judge-name';
  nameLabel.textContent = 'Your name';
  const name = document.createElement('input');
  name.id = 'judge-name';
  name.autocomplete = 'off';
  const queryButton = document.createElement('button');
  queryButton.type = 'submit';
  queryButton.className = 'button';
  queryButton.textContent = 'Pool results';
  queryForm.append(queryLabel, query, nameLabel, name, queryButton);

  const status = document.createElement('p');
  status.id = 'judge-status';
  status.className = 'judge-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const list = document.createElement('ol');
  list.id = 'judge-results';
  list.className = 'judge-results';
  list.setAttribute('aria-label', 'Pooled passages to judge');
  const exports = document.createElement('p');
  exports.className = 'judge-exports';
  const exportTrec = document.createElement('button');
  exportTrec.type = 'button';
  exportTrec.className = 'button';
  exportTrec.textContent = 'Export TREC qrels';
  const exportBeir = document.createElement('button');
  exportBeir.type = 'button';
  exportBeir.className = 'button';
  exportBeir.textContent = 'Export BEIR zip';
  exports.append(exportTrec, exportBeir);
  work.append(queryForm, status, list, exports);

  root.append(heading, intro, keyForm, work);
  return { root, keyForm, keyInput, keyMessage, work, queryForm, query, name, status, list, exportTrec, exportBeir };
}
