import { html, type SafeHtml } from '../html';
import { layout, type PageContext } from './layout';

/** A short page saying what happened and where to go next. */
export function renderMessage(title: string, message: string, page: PageContext, links?: SafeHtml): string {
  return layout(
    title,
    html`<h1>${title}</h1><p>${message}</p><p>${links ?? html`<a href="/admin">Back to admin</a>`}</p>`,
    page,
  );
}
