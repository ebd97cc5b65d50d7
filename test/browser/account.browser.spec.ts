/// <reference lib="dom" />
// The writer's account in the browser: sessions, settings, the operators' view, a phone-sized screen.
import { describe, expect, it } from 'vitest';

import {
  documentText,
  editorShown,
  typeInDocument,
  underlinedWords,
  useEditorHarness,
} from './editor-harness.js';

const h = useEditorHarness();

describe('sessions in the browser', () => {
  it('a reload keeps the writer signed in and the draft in place', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'A draft that must survive.');
    await page.reload();
    await editorShown(page);
    expect(await documentText(page)).toBe('A draft that must survive.');
    // The refresh token is in an HttpOnly cookie: no script can read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('pp_refresh');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'pp_refresh')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth',
    });
    await context.close();
  });

  it('a refused registration says which field is wrong and why, and the account is created once it is right', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Email').fill(`short-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Password must be at least 8 characters.');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await editorShown(page);
    await context.close();
  });

  it('two tabs reloading at once both stay signed in, and so does the next reload (one cookie, rotated once)', async () => {
    const context = await h.newContext();
    const first = await context.newPage();
    await h.registerInPage(first);
    const second = await context.newPage();
    await second.goto('/');
    await editorShown(second);

    // Both tabs trade the same cookie at the same moment: one rotates it, the other is inside the grace
    // window and gets the same new pair, not a reuse alarm that would end the session.
    await Promise.all([first.reload(), second.reload()]);
    await Promise.all([editorShown(first), editorShown(second)]);
    await first.reload();
    await editorShown(first);
    expect(await first.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await context.close();
  });

  it('signs another session out from the sessions list; that browser is back at the sign-in form', async () => {
    const first = await h.newContext();
    const page = await first.newPage();
    const credentials = await h.registerInPage(page);
    const second = await h.newContext();
    const other = await second.newPage();
    await h.signInInPage(other, credentials);

    await page.locator('summary', { hasText: 'Sessions' }).click();
    const signOut = page.getByRole('button', { name: /^Sign out the session on/ });
    await expect.poll(() => signOut.count(), { timeout: 10_000 }).toBe(1);
    await signOut.click();
    await expect.poll(() => signOut.count()).toBe(0);

    await other.reload();
    await other.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    expect(await other.getByRole('textbox', { name: 'Document' }).count()).toBe(0);
    await first.close();
    await second.close();
  });
});

describe('settings', () => {
  it('a theme change is applied at once and survives a reload', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await page.locator('summary', { hasText: 'Settings' }).click();
    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Saved.');
    // A popover in the dark theme is dark too, its message light on it (CodeMirror's own tooltip background
    // once left it light grey under light text).
    await typeInDocument(page, 'I will recieve it.');
    await page.locator('.pp-issue', { hasText: 'recieve' }).click({ timeout: 10_000 });
    const colours = await page
      .locator('.pp-popover')
      .evaluate((popover) => [getComputedStyle(popover).backgroundColor, getComputedStyle(popover).color]);
    expect(colours).toEqual(['rgb(22, 27, 34)', 'rgb(230, 237, 243)']);
    await h.screenshot(page, 'editor-dark');

    // Forget the browser's copy: the account's setting alone must bring it back.
    await page.evaluate(() => localStorage.removeItem('prosepolish:theme'));
    await page.reload();
    await editorShown(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await context.close();
  });

  it('shows the day’s LLM usage against the budget and when it resets, and the month’s', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await h.registerInPage(page);
    await typeInDocument(page, 'I will recieve it.');
    await expect.poll(() => underlinedWords(page), { timeout: 10_000 }).toEqual(['recieve']);
    const summary = page.locator('summary', { hasText: 'LLM usage' });
    const usage = page.locator('details', { hasText: 'LLM usage' }).locator('p');
    await summary.click();
    await expect.poll(() => usage.allTextContents()).toHaveLength(2);
    expect(await usage.first().textContent()).toMatch(
      /^Today: [1-9][\d,]* of 200,000 tokens \([\d,]+ left\)\. Resets at \d\d?:\d\d( [AP]M)?, in (\d+ h )?\d+ min\.$/,
    );
    // The month's records are written behind (LLM_USAGE_FLUSH_INTERVAL_MS): each opening reads them again.
    await expect
      .poll(
        async () => {
          await summary.click();
          await summary.click();
          return usage.last().textContent();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toMatch(/^This month: [1-9][\d,]* tokens in 1 call$/);
    await context.close();
  });

  it('a save over a change made in another tab gets the 412: current values are reloaded and the writer is told', async () => {
    const context = await h.newContext();
    const tabA = await context.newPage();
    await h.registerInPage(tabA);
    const tabB = await context.newPage();
    await tabB.goto('/');
    await editorShown(tabB);
    for (const tab of [tabA, tabB]) {
      await tab.locator('summary', { hasText: 'Settings' }).click();
      await tab.getByLabel('Tone').waitFor();
    }
    await tabA.getByLabel('Tone').selectOption('formal');
    await expect.poll(() => tabA.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);

    await tabB.getByLabel('Tone').selectOption('academic');
    await expect
      .poll(() => tabB.getByRole('status').filter({ hasText: 'changed in another tab or device' }).count())
      .toBe(1);
    expect(await tabB.getByLabel('Tone').inputValue()).toBe('formal');
    await context.close();
  });
});

describe('operators', () => {
  it('an admin flushes a namespace after confirming; a writer sees no admin view', async () => {
    const admin = await h.createAdmin();
    const context = await h.newContext();
    const page = await context.newPage();
    await h.signInInPage(page, admin);
    await page.locator('summary', { hasText: 'Operators' }).click();
    await page.getByRole('table').waitFor({ timeout: 10_000 });
    await page.getByLabel('Namespace').selectOption('dict');
    await page.getByRole('button', { name: 'Flush namespace…' }).click();
    await page.getByRole('button', { name: 'Confirm flush' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /^Flushed dict: \d+ keys removed\.$/ })
          .count(),
      )
      .toBe(1);
    await expect.poll(() => page.locator('.pp-audit').textContent()).toContain('cache.flush · 200');
    await h.screenshot(page, 'editor-admin');

    const writerContext = await h.newContext();
    const writer = await writerContext.newPage();
    await h.registerInPage(writer);
    expect(await writer.locator('summary', { hasText: 'Operators' }).count()).toBe(0);
    await context.close();
    await writerContext.close();
  });

  it('works at 360 px wide', async () => {
    const context = await h.browser.newContext({ baseURL: h.app.url, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await h.registerInPage(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await h.screenshot(page, 'editor-360px');
    await context.close();
  });
});
