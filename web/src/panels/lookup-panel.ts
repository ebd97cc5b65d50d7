import { describeFailure } from '../api/client';
import { el } from '../dom';
import type { Session } from '../session';

/** A dictionary entry: phonetic, meanings with definitions and examples, and where it came from. */
export async function showLookup(container: HTMLElement, session: Session, word: string): Promise<void> {
  container.replaceChildren(el('p', { class: 'pp-muted' }, [`Looking up “${word}”…`]));
  const { data, error, response } = await session.call(() =>
    session.api.GET('/api/v1/dictionary/{word}', { params: { path: { word } } }),
  );
  if (!data) {
    container.replaceChildren(
      el('h2', {}, [word]),
      el('p', { class: 'pp-error', role: 'alert' }, [
        response.status === 404 ? 'No entry for this word.' : describeFailure(response, error),
      ]),
    );
    return;
  }
  const [entry] = data;
  // Many entries (the Free Dictionary API's "hello") have no `phonetic`, only per-accent `phonetics`.
  const phonetics = [
    ...new Set([entry.phonetic, ...entry.phonetics.map((p) => p.text)].filter((t): t is string => !!t)),
  ];
  const source = response.headers.get('X-Source') ?? 'unknown';
  container.replaceChildren(
    el('h2', {}, [entry.word]),
    ...(phonetics.length > 0 ? [el('p', { class: 'pp-phonetic' }, [phonetics.join(' · ')])] : []),
    ...entry.meanings.map((meaning) =>
      el('section', {}, [
        el('h3', {}, [meaning.partOfSpeech]),
        el(
          'ol',
          {},
          meaning.definitions.map((d) =>
            el('li', {}, [d.definition, d.example ? el('q', { class: 'pp-example' }, [d.example]) : null]),
          ),
        ),
      ]),
    ),
    el('p', { class: 'pp-muted' }, [`Source: ${source}`]),
  );
}
