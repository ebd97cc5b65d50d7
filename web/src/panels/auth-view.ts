import { button, el, field, form } from '../dom';
import { type Session, SignInError } from '../session';

/** Sign in or create an account; `onSignedIn` runs once the session holds a user. */
export function renderAuthView(session: Session, onSignedIn: () => void): HTMLElement {
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = el('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
    minlength: '8',
  });
  const displayName = el('input', { type: 'text', name: 'displayName', autocomplete: 'nickname' });
  const message = el('p', { class: 'pp-error', role: 'alert' });
  const submit = async (mode: 'sign-in' | 'register') => {
    message.textContent = '';
    try {
      if (mode === 'register')
        await session.register(email.value, password.value, displayName.value || undefined);
      else await session.signIn(email.value, password.value);
      onSignedIn();
    } catch (err) {
      message.textContent = err instanceof SignInError ? err.message : 'Could not reach ProsePolish.';
    }
  };
  return form(
    { class: 'pp-auth', 'aria-label': 'Sign in or create an account' },
    [
      el('h1', {}, ['ProsePolish']),
      field('Email', email),
      field('Password', password),
      field('Display name (new accounts)', displayName),
      message,
      el('div', { class: 'pp-row' }, [
        el('button', { type: 'submit', class: 'pp-primary' }, ['Sign in']),
        button('Create account', undefined, () => void submit('register')),
      ]),
    ],
    () => void submit('sign-in'),
  );
}
