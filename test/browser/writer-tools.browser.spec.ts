/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';

import { documentText, typeInDocument, underlinedWords, useEditorHarness } from './editor-harness.js';

const h = useEditorHarness();

describe('the writer’s own words and tools, in the web editor', () => {
  it('"Add to dictionary" takes a word’s underline away; removing it from the panel brings it back', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await page.locator('summary', { hasText: 'Personal dictionary' }).click();
    await page.getByText('No words yet', { exact: false }).waitFor({ timeout: 10_000 });
    await typeInDocument(page, 'We meet untill noon.');
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['untill']);

    await page.locator('.pp-issue', { hasText: 'untill' }).click();
    await page.getByRole('button', { name: 'Add “untill” to your dictionary' }).click();
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual([]);

    // The open list shows the word at once.
    const remove = page.getByRole('button', { name: 'Remove “untill” from your dictionary' });
    await remove.waitFor({ timeout: 10_000 });
    expect(await page.getByText('1 word.').count()).toBe(1);
    await remove.click();
    // The whole text is checked again: the word is a misspelling once more.
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['untill']);
    expect(await page.getByText('No words yet', { exact: false }).count()).toBe(1);
    await context.close();
  });

  it('with the LLM off, the offline checker’s next likeliest word is a button in the popover too', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await page.locator('summary', { hasText: 'Settings' }).click();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH',
    );
    await page.getByLabel('Use the LLM').uncheck();
    expect((await saved).status()).toBe(200);

    await typeInDocument(page, 'We will definatly come.');
    // The offline checker's first check starts its thread (a few seconds).
    await expect.poll(() => underlinedWords(page), { timeout: 20_000 }).toEqual(['definatly']);
    // The side list names the other word too.
    expect(await page.locator('.pp-suggestion .pp-muted').allTextContents()).toEqual([
      'Possible spelling mistake: did you mean “defiantly”? Or: definitely.',
    ]);
    await page.locator('.pp-issue', { hasText: 'definatly' }).click();
    const popover = page.locator('.pp-popover');
    await expect
      .poll(() => popover.getByRole('button').allTextContents())
      .toEqual(['defiantly', 'definitely', 'Ignore', 'Add to dictionary']);
    await h.screenshot(page, 'editor-alternatives');
    await page.getByRole('button', { name: 'Replace “definatly” with “definitely”' }).click();
    expect(await documentText(page)).toBe('We will definitely come.');
    expect(await underlinedWords(page)).toEqual([]);
    await context.close();
  });

  it('creates an API key a LanguageTool client can use, shown once, and revokes it for the very next request', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    const { email } = await h.registerInPage(page);
    await page.locator('summary', { hasText: 'Writing tools' }).click();
    // What a writer types into their add-on's settings.
    const panel = page.locator('details', { hasText: 'Writing tools' });
    await expect
      .poll(() => panel.locator('code').allTextContents(), { timeout: 10_000 })
      .toEqual([`${h.app.url}/v2`, email]);

    await page.getByLabel('Name of the new key').fill('VS Code');
    await page.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByLabel(/^Your new key “VS Code”: copy it now/);
    await created.waitFor({ timeout: 10_000 });
    const key = await created.inputValue();
    expect(key).toMatch(/^pp_live_/);
    await h.screenshot(page, 'editor-writing-tools');

    const check = () =>
      fetch(`${h.app.url}/v2/check`, {
        method: 'POST',
        body: new URLSearchParams({
          language: 'en-US',
          text: 'We meet untill noon.',
          username: email,
          apiKey: key,
        }),
      });
    const accepted = await check();
    expect(accepted.status).toBe(200);
    const body = (await accepted.json()) as {
      matches: { offset: number; replacements: { value: string }[] }[];
    };
    expect(body.matches.map((m) => [m.offset, m.replacements[0]?.value])).toEqual([[8, 'until']]);

    await page.getByRole('button', { name: 'Revoke the key “VS Code”' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContain('Revoked: it stops working at once.');
    // Shown once: gone from the page with the key it named.
    expect(await created.count()).toBe(0);
    const refused = await check();
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/^Error: /);
    await context.close();
  });
});
