// The lab's one layout: title, page navigation, language switch, and a hash router (#/<page id>)
// that mounts one page at a time and unmounts the previous one (stopping its workers, timers).
import './style.css';
import { initialLang, languages, rememberLang, translate, type Lang } from './i18n.js';
import type { Page, PageContext } from './page.js';
import { page as linear } from './pages/linear.js';
import { page as overfitting } from './pages/overfitting.js';
import { page as playground } from './pages/playground.js';
import { page as filters } from './pages/filters.js';
import { page as draw } from './pages/draw.js';
import { page as inside } from './pages/inside.js';

/** In navigation order; each page is its own module. */
export const pages: Page[] = [
  linear,
  overfitting,
  playground,
  filters,
  draw,
  inside,
];

let lang: Lang = initialLang();
let unmount: (() => void) | null = null;
let shown: string | null = null;

const $ = (id: string) => document.getElementById(id)!;

function context(): PageContext {
  return { lang, t: (key, vars) => translate(lang, key, vars) };
}

function currentId(): string {
  const id = location.hash.replace(/^#\/?/, '');
  return pages.some((p) => p.id === id) ? id : pages[0].id;
}

function renderChrome(): void {
  const t = context().t;
  document.documentElement.lang = lang;
  document.title = `${t(pages.find((p) => p.id === currentId())!.titleKey)} · ${t('common.labTitle')}`;
  $('lab-title').textContent = t('common.labTitle');
  $('nav').setAttribute('aria-label', t('common.pages'));
  $('lang').setAttribute('aria-label', t('common.language'));
  document.querySelector('.skip')!.textContent = t('common.skip');
  $('nav').replaceChildren(
    ...pages.map((p, i) => {
      const a = document.createElement('a');
      a.href = `#/${p.id}`;
      a.dataset.page = p.id;
      a.textContent = `${i + 1}. ${t(p.titleKey)}`;
      if (p.id === currentId()) a.setAttribute('aria-current', 'page');
      return a;
    }),
  );
  $('lang').replaceChildren(
    ...languages.map((l) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = l.toUpperCase();
      b.lang = l;
      b.dataset.lang = l;
      b.title = translate(l, 'common.languageName');
      b.setAttribute('aria-pressed', String(l === lang));
      b.addEventListener('click', () => setLang(l));
      return b;
    }),
  );
}

function show(focus: boolean): void {
  const id = currentId();
  unmount?.();
  const root = $('page');
  root.replaceChildren();
  root.dataset.page = id;
  renderChrome();
  try {
    unmount = pages.find((p) => p.id === id)!.mount(root, context());
  } catch (e) {
    // a page that fails to mount must not take the layout down with it
    console.error(e);
    unmount = null;
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = context().t('common.pageFailed', { message: (e as Error).message });
    root.replaceChildren(p);
  }
  shown = id;
  if (focus) root.focus();
}

function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  rememberLang(l);
  show(false); // pages build their text once, so remounting is how they switch language
  document.querySelector<HTMLButtonElement>(`#lang button[data-lang="${l}"]`)?.focus();
}

window.addEventListener('hashchange', () => {
  if (currentId() !== shown) show(true);
});
show(false);
