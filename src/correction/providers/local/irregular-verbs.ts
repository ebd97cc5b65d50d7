import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** `english-verbs-irregular`: each irregular verb's [simple past, past participle] pairs ("arise": arose, arisen). */
type IrregularVerbs = Record<string, string[][]>;

let byRegularised: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The past forms a writer meant who gave an irregular verb the regular ending: "teached" → "taught",
 * "arised" → "arose" or "arisen", "fleed" → "fled", and the ending added to a past form itself ("lefted" →
 * "left"). From the 569 verbs of `english-verbs-irregular` (RosaeNLG's list), read once, by the first
 * ranking that asks. A regular form the verb also has ("quitted", "learned") is no slip and maps to nothing.
 */
export function irregularPastsFor(word: string): readonly string[] {
  byRegularised ??= indexVerbs();
  return byRegularised.get(word) ?? [];
}

function indexVerbs(): Map<string, readonly string[]> {
  const path = createRequire(import.meta.url).resolve('english-verbs-irregular/dist/verbs.json');
  const verbs = JSON.parse(readFileSync(path, 'utf8')) as IrregularVerbs;
  const index = new Map<string, string[]>();
  for (const [base, pairs] of Object.entries(verbs)) {
    const forms = [...new Set(pairs.flat())];
    // "burned" beside "burnt" is the verb's own past, not a slip to correct.
    const regular = withRegularEnding(base);
    const irregular = forms.filter((form) => !regular.includes(form));
    for (const regularised of new Set([base, ...forms].flatMap(withRegularEnding))) {
      if (forms.includes(regularised) || irregular.length === 0) continue;
      index.set(regularised, [...new Set([...(index.get(regularised) ?? []), ...irregular])]);
    }
  }
  return index;
}

/** "-ed" as English adds it: "arise" → "arised", "fly" → "flied", "quit" → "quitted" and "quited". */
function withRegularEnding(verb: string): string[] {
  if (verb.endsWith('e')) return [`${verb}d`];
  const endings = [`${verb}ed`];
  if (/[^aeiou]y$/.test(verb)) endings.push(`${verb.slice(0, -1)}ied`);
  if (/[aeiou][bdgklmnprt]$/.test(verb)) endings.push(`${verb}${verb.at(-1)}ed`);
  return endings;
}
