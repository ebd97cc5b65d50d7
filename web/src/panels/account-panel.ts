import { describeFailure } from '../api/client';
import { button, el } from '../dom';
import type { Session } from '../session';

function formatTokens(n: number): string {
  return new Intl.NumberFormat('en').format(n);
}

/** "Resets at 1:00 AM, in 6 h 43 min": the budget's day is UTC's, so its local hour varies with the writer. */
function resetsIn(at: Date): string {
  const minutes = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 60_000));
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `Resets at ${time}, in ${wait}`;
}

/** Today's and this month's LLM usage against the daily budget. */
export async function renderUsage(container: HTMLElement, session: Session): Promise<void> {
  const { data, error, response } = await session.call(() => session.api.GET('/api/v1/llm/usage'));
  if (!data) {
    container.replaceChildren(el('p', { class: 'pp-error' }, [describeFailure(response, error)]));
    return;
  }
  const { budget } = data;
  container.replaceChildren(
    el('p', {}, [
      `Today: ${formatTokens(budget.usedTokens)} of ${formatTokens(budget.dailyTokens)} tokens ` +
        `(${formatTokens(budget.remainingTokens)} left). ${resetsIn(new Date(budget.resetsAt))}.`,
    ]),
    el('p', {}, [
      `This month: ${formatTokens(data.month.totalTokens)} tokens in ${formatTokens(data.month.calls)} ` +
        (data.month.calls === 1 ? 'call' : 'calls'),
    ]),
  );
}

/** The account's sessions, with "sign out" per session and "sign out everywhere else". */
export async function renderSessions(container: HTMLElement, session: Session): Promise<void> {
  const { data, error, response } = await session.call(() => session.api.GET('/api/v1/auth/sessions'));
  if (!data) {
    container.replaceChildren(el('p', { class: 'pp-error' }, [describeFailure(response, error)]));
    return;
  }
  const end = async (id: string) => {
    await session.call(() => session.api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
  };
  const others = data.filter((s) => !s.current);
  const items = data.map((s) => {
    const device = s.userAgent ? describeDevice(s.userAgent) : 'Unknown device';
    const used = new Date(s.lastUsedAt).toLocaleString();
    return el('li', { class: 'pp-session' }, [
      el('span', {}, [`${device}${s.current ? ' (this browser)' : ''} · last used ${used}`]),
      s.current
        ? null
        : button('Sign out', `Sign out the session on ${device}, last used ${used}`, async () => {
            await end(s.id);
            await renderSessions(container, session);
          }),
    ]);
  });
  container.replaceChildren(
    el('ul', { class: 'pp-list' }, items),
    ...(others.length > 0
      ? [
          button('Sign out everywhere else', undefined, async () => {
            await Promise.all(others.map((s) => end(s.id)));
            await renderSessions(container, session);
          }),
        ]
      : []),
  );
}

function describeDevice(userAgent: string): string {
  const browser = /Firefox|Edg|Chrome|Safari/.exec(userAgent)?.[0] ?? 'Browser';
  const system = /Windows|Mac OS X|Android|iPhone|Linux/.exec(userAgent)?.[0] ?? '';
  return [browser === 'Edg' ? 'Edge' : browser, system].filter(Boolean).join(' on ');
}
