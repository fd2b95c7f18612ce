// Refining a search: facet checkboxes with counts (document, kind), year shortcuts, a published-date range, the sort
// order, and the "did you mean" correction. The filters live in the URL with the query; app.js owns the search.

import { h } from './dom.js';

const FACET_LABELS = { documentId: 'Document', kind: 'Kind', year: 'Year' };

const isDay = (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The filters and order of a search, as the page keeps them. */
export function emptyRefinement() {
  return { documentIds: [], kinds: [], from: '', to: '', sort: 'relevance' };
}

export function readRefinement(params) {
  const sort = params.get('sort');
  return {
    documentIds: params.getAll('documentId').filter(Boolean),
    kinds: params.getAll('kind').filter(Boolean),
    from: isDay(params.get('publishedFrom')) ? params.get('publishedFrom') : '',
    to: isDay(params.get('publishedTo')) ? params.get('publishedTo') : '',
    sort: sort === 'date' || sort === '-date' ? sort : 'relevance',
  };
}

export function writeRefinement(params, refinement) {
  for (const id of refinement.documentIds) params.append('documentId', id);
  for (const kind of refinement.kinds) params.append('kind', kind);
  if (refinement.from) params.set('publishedFrom', refinement.from);
  if (refinement.to) params.set('publishedTo', refinement.to);
  if (refinement.sort !== 'relevance') params.set('sort', refinement.sort);
}

/** The search API's parameters for the refinement (facets are always counted, for the panel). */
export function refinementParams(refinement) {
  return {
    documentId: refinement.documentIds,
    kind: refinement.kinds,
    publishedFrom: refinement.from || undefined,
    publishedTo: refinement.to || undefined,
    sort: refinement.sort !== 'relevance' ? refinement.sort : undefined,
    facets: 'documentId,kind,year',
  };
}

export const refinementKey = (r) => JSON.stringify([r.documentIds, r.kinds, r.from, r.to, r.sort]);

/**
 * Wires the controls; `onChange(refinement)` runs after the user changes one.
 * @param {{ facets: HTMLElement, from: HTMLInputElement, to: HTMLInputElement, sort: HTMLSelectElement, clear: HTMLButtonElement,
 *           didYouMean: HTMLElement, didYouMeanLink: HTMLAnchorElement }} el
 */
export function createRefiner(el, onChange, onCorrect) {
  let current = emptyRefinement();

  const changed = (next) => {
    current = next;
    sync(current);
    onChange(current);
  };

  function sync(refinement) {
    current = refinement;
    el.from.value = refinement.from;
    el.to.value = refinement.to;
    el.sort.value = refinement.sort;
    el.clear.hidden = refinement.documentIds.length + refinement.kinds.length === 0 && !refinement.from && !refinement.to;
    for (const box of el.facets.querySelectorAll('input[type="checkbox"]')) {
      const input = /** @type {HTMLInputElement} */ (box);
      const list = input.dataset.facet === 'documentId' ? refinement.documentIds : refinement.kinds;
      input.checked = list.includes(input.value);
    }
  }

  function toggle(facet, value, on) {
    const key = facet === 'documentId' ? 'documentIds' : 'kinds';
    const list = current[key].filter((v) => v !== value);
    if (on) list.push(value);
    changed({ ...current, [key]: list });
  }

  /** A checkbox per value, with its count; selected values stay listed (with 0) so they can be unticked. */
  function renderCheckboxes(facet, values) {
    const selected = facet === 'documentId' ? current.documentIds : current.kinds;
    const shown = [...values];
    for (const value of selected) {
      if (!shown.some((v) => v.value === value)) shown.push({ value, count: 0, label: value });
    }
    return h('ul', { class: 'facet-values' }, ...shown.map((v) => {
      const box = h('input', { type: 'checkbox', value: v.value, 'data-facet': facet });
      box.checked = selected.includes(v.value);
      box.addEventListener('change', () => toggle(facet, v.value, box.checked));
      return h('li', { class: 'facet-value' },
        h('label', {}, box, h('span', { class: 'facet-label' }, v.label || v.value), h('span', { class: 'facet-count', 'data-count': v.count }, String(v.count))));
    }));
  }

  /** A year sets the date range to that year; the active year can be cleared the same way. */
  function renderYears(values) {
    return h('ul', { class: 'facet-values facet-years' }, ...values.map((v) => {
      const active = current.from === `${v.value}-01-01` && current.to === `${v.value}-12-31`;
      const button = h('button', { type: 'button', class: 'facet-year', 'data-year': v.value, 'aria-pressed': active ? 'true' : 'false' },
        h('span', { class: 'facet-label' }, v.label || v.value), h('span', { class: 'facet-count', 'data-count': v.count }, String(v.count)));
      button.addEventListener('click', () => changed(active
        ? { ...current, from: '', to: '' }
        : { ...current, from: `${v.value}-01-01`, to: `${v.value}-12-31` }));
      return h('li', { class: 'facet-value' }, button);
    }));
  }

  function renderFacets(facets) {
    const groups = [];
    for (const facet of ['documentId', 'kind', 'year']) {
      const values = Array.isArray(facets?.[facet]) ? facets[facet] : [];
      const hasSelection = facet === 'documentId' ? current.documentIds.length > 0 : facet === 'kind' ? current.kinds.length > 0 : false;
      if (values.length === 0 && !hasSelection) continue;
      groups.push(h('fieldset', { class: 'facet', 'data-facet': facet },
        h('legend', {}, FACET_LABELS[facet]),
        facet === 'year' ? renderYears(values) : renderCheckboxes(facet, values)));
    }
    el.facets.replaceChildren(...groups);
    el.facets.hidden = groups.length === 0;
  }

  function renderDidYouMean(suggestion) {
    el.didYouMean.hidden = !suggestion;
    el.didYouMeanLink.textContent = suggestion ?? '';
    el.didYouMeanLink.dataset.query = suggestion ?? '';
  }

  el.from.addEventListener('change', () => changed({ ...current, from: isDay(el.from.value) ? el.from.value : '' }));
  el.to.addEventListener('change', () => changed({ ...current, to: isDay(el.to.value) ? el.to.value : '' }));
  el.sort.addEventListener('change', () => changed({ ...current, sort: el.sort.value }));
  el.clear.addEventListener('click', () => changed({ ...emptyRefinement(), sort: current.sort }));
  el.didYouMeanLink.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onCorrect(el.didYouMeanLink.dataset.query ?? '');
  });

  return {
    get current() { return current; },
    sync,
    renderFacets,
    renderDidYouMean,
    clear() {
      el.facets.replaceChildren();
      el.facets.hidden = true;
      renderDidYouMean(null);
    },
  };
}
