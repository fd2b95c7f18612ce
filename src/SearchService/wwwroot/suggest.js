// Suggestions under the search box while typing: completions of the last word from indexed terms, and document
// titles, from GET /suggest (debounced). ArrowDown/ArrowUp move through them, Enter or a click takes one, Escape
// closes the list. The box follows the WAI-ARIA combobox pattern (aria-expanded, aria-activedescendant).
import { isAbort, suggest } from './api.js';

const DEBOUNCE_MS = 120;
const COUNT = 8;

/**
 * @param {HTMLInputElement} input
 * @param {HTMLElement} list
 * @param {(text: string) => void} onPick runs with the query a suggestion makes.
 */
export function createSuggestions(input, list, onPick) {
  let timer = 0;
  /** @type {AbortController | null} */ let pending = null;
  /** @type {{text: string, kind: string, documentId?: string}[]} */ let items = [];
  let active = -1;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', `${list.id} results`);

  /** The query a suggestion makes: a term's text is the typed query with its last word completed; a title is the title. */
  const queryFor = (item) => item.text;

  function close() {
    clearTimeout(timer);
    pending?.abort();
    pending = null;
    items = [];
    active = -1;
    list.replaceChildren();
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((child, i) => child.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    if (index >= 0) input.setAttribute('aria-activedescendant', `suggestion-${index}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function pick(index) {
    const item = items[index];
    if (!item) return;
    const query = queryFor(item);
    close();
    onPick(query);
  }

  function render(query, suggestions) {
    items = suggestions;
    active = -1;
    list.replaceChildren(...suggestions.map((item, i) => {
      const option = document.createElement('li');
      option.id = `suggestion-${i}`;
      option.className = `suggestion suggestion-${item.kind === 'title' ? 'title' : 'term'}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.dataset.kind = item.kind;
      option.dataset.text = item.text;
      const text = document.createElement('span');
      text.className = 'suggestion-text';
      text.textContent = item.text;
      const kind = document.createElement('span');
      kind.className = 'suggestion-kind';
      kind.textContent = item.kind === 'title' ? 'Title' : 'Word';
      option.append(text, kind);
      // mousedown, not click: the input keeps focus, and the list is not closed by its blur first.
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(i);
      });
      return option;
    }));
    list.dataset.query = query;
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', suggestions.length > 0 ? 'true' : 'false');
  }

  function request() {
    const query = input.value;
    if (!query.trim()) {
      close();
      return;
    }
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    suggest({ q: query, k: COUNT }, controller.signal).then(
      (response) => {
        if (pending !== controller || input.value !== query || document.activeElement !== input) return;
        render(query, Array.isArray(response?.suggestions) ? response.suggestions.filter((s) => typeof s?.text === 'string') : []);
      },
      (error) => {
        // Suggestions are a convenience: an old service without /suggest, or an error, shows none.
        if (!isAbort(error) && pending === controller) close();
      });
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(request, DEBOUNCE_MS);
  });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    if (list.hidden || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      // Positions -1 (the typed text) .. n-1, wrapping both ways.
      const next = active + (event.key === 'ArrowDown' ? 1 : -1);
      highlight(next >= items.length ? -1 : next < -1 ? items.length - 1 : next);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      event.stopPropagation();
      pick(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  return { close };
}
