// The contract every lab page implements: main.ts mounts one page at a time into the layout.

/** What the layout hands a page: translation in the chosen language. */
export interface PageContext {
  /** The text for `key` in the current language, `{name}` placeholders filled from vars. */
  t(key: string, vars?: Record<string, string | number>): string;
  lang: 'en' | 'ru';
}

/** One page of the lab: `#/<id>` shows it; mount returns the function that unmounts it. */
export interface Page {
  id: string;
  titleKey: string;
  mount(root: HTMLElement, ctx: PageContext): () => void;
}
