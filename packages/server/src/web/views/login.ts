import { html } from '../html';
import { csrfField, layout, type PageContext } from './layout';

export interface LoginView {
  next: string;
  error: string | null;
  page: PageContext;
}

/** The login form (or, without admin_password, a note that nothing needs one). */
export function renderLogin(view: LoginView): string {
  const body = view.page.passwordSet
    ? html`
<h1>Log in</h1>
<form class="rule" method="post" action="/login">
${csrfField(view.page)}
<input type="hidden" name="next" value="${view.next}">
<div class="field${view.error ? ' invalid' : ''}">
<label for="f-password">Admin password</label>
<input type="password" id="f-password" name="password" autocomplete="current-password" required${view.error ? html` aria-invalid="true" aria-describedby="f-password-error"` : ''}>
${view.error ? html`<p class="error" id="f-password-error">${view.error}</p>` : ''}
</div>
<div class="buttons"><button type="submit">Log in</button></div>
</form>`
    : html`<h1>Log in</h1><p>No admin password is configured: everything is open to whoever reaches this server.</p>`;
  return layout('Log in', body, view.page);
}
