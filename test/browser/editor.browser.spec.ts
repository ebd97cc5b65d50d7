/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';

import {
  checkedTexts,
  documentText,
  editorShown,
  listedSuggestions,
  statusLine,
  typeInDocument,
  underlinedWords,
  useEditorHarness,
} from './editor-harness.js';

const h = useEditorHarness();

describe('writing in the web editor (Chromium, real service)', () => {
  it('underlines the misspelt words, emoji before them included; a suggestion changes the text and leaves the other underline in place', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, '😀🎉 I will recieve teh parcel tomorrow.');

    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['recieve', 'teh']);
    expect(await statusLine(page)).toBe('2 suggestions · 0 of 1 sentence from cache');
    // The emoji are no words.
    expect(await page.locator('.pp-count').textContent()).toBe('6 words');
    // Spelling is underlined red (its own class), and each underline describes its problem.
    const teh = page.locator('.pp-issue', { hasText: 'teh' });
    expect(await teh.getAttribute('class')).toContain('pp-spelling');
    expect(await teh.getAttribute('aria-description')).toBe(
      'spelling: Possible spelling mistake: did you mean "the"?',
    );
    await h.screenshot(page, 'editor-underlines');

    await teh.click();
    await expect.poll(() => page.locator('.pp-popover').textContent()).toContain('did you mean "the"?');
    await h.screenshot(page, 'editor-popover');
    await page.getByRole('button', { name: 'Replace “teh” with “the”' }).click();
    expect(await documentText(page)).toBe('😀🎉 I will recieve the parcel tomorrow.');
    expect(await underlinedWords(page)).toEqual(['recieve']);
    await context.close();
  });

  it('ignoring a suggestion removes its underline and a re-check does not bring it back', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'We will meet untill noon.');
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['untill']);

    // From the keyboard: the cursor onto the underline opens its popover, Mod-. focuses its buttons.
    await page.keyboard.press('Home');
    for (let i = 0; i < 'We will meet un'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+.');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ignore');
    await page.keyboard.press('Enter');
    expect(await underlinedWords(page)).toEqual([]);

    await page.keyboard.press('End');
    await page.keyboard.insertText(' Bring snacks.');
    await expect.poll(() => statusLine(page), { timeout: 10_000 }).toContain('of 2 sentences');
    expect(await underlinedWords(page)).toEqual([]);
    await context.close();
  });

  it('F8 and Shift+F8 move the cursor from one underline to the next and back, opening each popover', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'We meet untill noon. I will recieve it.');
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['untill', 'recieve']);
    const popoverFor = async () =>
      (await page.locator('.pp-popover button.pp-primary').getAttribute('aria-label')) ?? '';

    await page.keyboard.press('Control+Home');
    const untill = 'Replace “untill” with “until”';
    const recieve = 'Replace “recieve” with “receive”';
    // Past the last, round to the first; and back.
    for (const [key, popover] of [
      ['F8', untill],
      ['F8', recieve],
      ['F8', untill],
      ['Shift+F8', recieve],
    ]) {
      await page.keyboard.press(key);
      await expect.poll(popoverFor, { timeout: 5_000 }).toBe(popover);
    }
    await context.close();
  });

  it('"Accept all" applies every suggestion at once', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'Teh cat will recieve it untill noon.');
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['Teh', 'recieve', 'untill']);
    await page.getByRole('button', { name: 'Accept all 3 suggestions' }).click();
    expect(await documentText(page)).toBe('The cat will receive it until noon.');
    expect(await underlinedWords(page)).toEqual([]);
    await context.close();
  });

  it('a 429 says when to retry, and the text is kept through a reload', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'Draft');
    // RATE_LIMIT_LLM_LIMIT is 8 checks a minute per user: each pause in typing is one check.
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) {
      const answered = page.waitForResponse('**/api/v1/llm/correct');
      await page.keyboard.insertText(` ${i}`);
      status = (await answered).status();
    }
    expect(status).toBe(429);
    await expect.poll(() => statusLine(page)).toMatch(/^Too many checks for now: checking again in \d+ s\.$/);
    await page.reload();
    await editorShown(page);
    expect(await documentText(page)).toMatch(/^Draft 0 1 2 3 4 5 6/);
    await context.close();
  });

  it('says "Checking…" while an answer is slow to come, and only then', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    const seen = new Set<string>();
    await page.route('**/api/v1/llm/correct', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await typeInDocument(page, 'We meet untill noon.');
    // One read per turn: reading twice let the answer land between the check and the record.
    const until = Date.now() + 5_000;
    let status = await statusLine(page);
    while (Date.now() < until && !status.startsWith('1 suggestion')) {
      seen.add(status);
      await page.waitForTimeout(50);
      status = await statusLine(page);
    }
    expect([...seen]).toEqual(['Start writing.', 'Checking…']);
    expect(status).toBe('1 suggestion · 0 of 1 sentence from cache');
    await context.close();
  });

  it('after a 429 the check resumes by itself once Retry-After has passed, with no typing', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    let first = true;
    await page.route('**/api/v1/llm/correct', async (route) => {
      if (!first) return route.continue();
      first = false;
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '1', 'content-type': 'application/problem+json' },
        body: JSON.stringify({ status: 429, title: 'Too Many Requests', retryAfter: 1 }),
      });
    });
    await typeInDocument(page, 'We meet untill noon.');
    await expect
      .poll(() => statusLine(page), { timeout: 10_000 })
      .toBe('Too many checks for now: checking again in 1 s.');
    await expect.poll(() => listedSuggestions(page), { timeout: 10_000 }).toEqual(['untill → until']);
    expect(await statusLine(page)).toMatch(/^1 suggestion · /);
    await context.close();
  });

  it('never draws an answer that arrives for text that has since changed', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    // Hold the first check's answer until the writer has typed again.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    await page.route('**/api/v1/llm/correct', async (route) => {
      if (first) {
        first = false;
        await held;
      }
      await route.continue().catch(() => undefined);
    });
    await typeInDocument(page, 'Teh cat sleeps.');
    await page.waitForRequest('**/api/v1/llm/correct');
    // The old answer would underline "Teh" at 0–3; after this edit those offsets hold "Wel".
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText('Well, ');
    release();

    const seen = new Set<string>();
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      for (const word of await underlinedWords(page)) seen.add(word);
      await page.waitForTimeout(50);
    }
    expect([...seen]).toEqual(['Teh']);
    expect(await documentText(page)).toBe('Well, Teh cat sleeps.');
    await context.close();
  });

  it('checks a document longer than one request in parts, and then only the paragraph the writer edits', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    const sent = checkedTexts(page);
    // About 11,700 characters: more than the 10,000 one request may carry.
    const filler = Array.from(
      { length: 220 },
      (_, i) => `Paragraph ${i + 1} tells how the river ran past the mill.`,
    );
    await typeInDocument(page, ['I will recieve it tomorrow.', ...filler, 'We meet untill noon.'].join('\n'));

    const both = ['recieve → receive', 'untill → until'];
    await expect.poll(() => listedSuggestions(page), { timeout: 15_000 }).toEqual(both);
    expect(sent.length).toBe(2);
    expect(sent.every((text) => text.length <= 10_000)).toBe(true);
    expect(sent.join('\n\n')).toContain('We meet untill noon.');
    expect(await statusLine(page)).toMatch(/^2 suggestions · 0 of 222 sentences from cache$/);

    // An edit to the last paragraph sends that paragraph alone; the first keeps its underline.
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(' Bring snacks.');
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(3);
    expect(sent[2]).toBe('We meet untill noon. Bring snacks.');
    await expect
      .poll(() => statusLine(page), { timeout: 10_000 })
      .toBe('2 suggestions · 1 of 2 sentences from cache');
    expect(await listedSuggestions(page)).toEqual(both);
    await context.close();
  });

  it('a line answered by a passing fallback (the model too slow) is asked again at the next check', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    const sent: string[] = [];
    let first = true;
    await page.route('**/api/v1/llm/correct', async (route) => {
      sent.push((route.request().postDataJSON() as { text: string }).text);
      const response = await route.fetch();
      // The first answer as the service gives it when the model missed the deadline.
      const headers = first ? { ...response.headers(), 'x-llm-fallback': 'deadline' } : response.headers();
      first = false;
      await route.fulfill({ response, headers });
    });
    await typeInDocument(page, 'We meet untill noon.');
    await expect
      .poll(() => statusLine(page), { timeout: 10_000 })
      .toContain('offline checker (LLM too slow)');
    expect(await listedSuggestions(page)).toEqual(['untill → until']);

    await page.keyboard.insertText('\nBring snacks.');
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(2);
    expect(sent[1]).toBe('We meet untill noon.\n\nBring snacks.');
    await expect.poll(() => statusLine(page), { timeout: 10_000 }).not.toContain('offline checker');
    await context.close();
  });

  it('a saved change to the correction mode checks the unchanged text again; a theme change does not', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    const sent = checkedTexts(page);
    await typeInDocument(page, 'We meet untill noon.');
    await expect.poll(() => listedSuggestions(page), { timeout: 10_000 }).toEqual(['untill → until']);
    expect(sent).toEqual(['We meet untill noon.']);

    await page.locator('summary', { hasText: 'Settings' }).click();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH',
    );
    await page.getByLabel('Theme').selectOption('dark');
    const answer = await saved;
    expect(`${answer.status()} ${await answer.text()}`).toMatch(/^200 /);
    // A re-check would start at once (no typing pause to wait for).
    await page.waitForTimeout(500);
    expect(sent).toHaveLength(1);
    await page.getByLabel('Correction mode').selectOption('concise');
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(2);
    expect(sent[1]).toBe('We meet untill noon.');
    await context.close();
  });

  it('a double-click on a word opens its dictionary entry with its source', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'hello there');
    await page
      .locator('.cm-line')
      .first()
      .dblclick({ position: { x: 14, y: 8 } });
    const dictionary = page.getByRole('region', { name: 'Dictionary' });
    await expect.poll(() => dictionary.locator('h2').textContent(), { timeout: 10_000 }).toBe('hello');
    const text = await dictionary.textContent();
    // The Free Dictionary API gives "hello" no `phonetic`, only each accent's in `phonetics`.
    expect(await dictionary.locator('.pp-phonetic').textContent()).toBe('/həˈləʊ/ · /həˈloʊ/');
    expect(text).toContain('"Hello!" or an equivalent greeting.');
    expect(text).toContain('Hello, everyone.');
    expect(text).toContain('Source: free-dictionary');
    await h.screenshot(page, 'editor-lookup');
    await context.close();
  });
});
