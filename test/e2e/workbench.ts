/**
 * Drives real VS Code (code-server) in Debian's Chromium with Playwright, as a person would:
 * keyboard shortcuts, the command palette, hovering over text. Every wait is on a condition.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error: plain ES module shared with `npm start`, no type declarations
import { startCodeServer } from '../../scripts/code-server.mjs';

export const RESULTS_DIR = resolve('test-results');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

interface CodeServer {
  url: string;
  folder: string;
  logs(): string;
  stop(): Promise<void>;
}

export interface Workbench {
  page: Page;
  folder: string;
  server: CodeServer;
  /** What the workbench page printed to its console (errors of the web client land here). */
  consoleLog: string[];
  close(): Promise<void>;
}

/** A fresh copy of demo/, so tests may edit and save files. */
export function demoCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'email-auth-demo-'));
  cpSync(resolve('demo'), folder, { recursive: true });
  return folder;
}

/**
 * `machineSettings` go to the Machine settings only (machine-scoped settings such as
 * emailAuth.aws.*); `env` is added to code-server's environment, which its extension host inherits.
 */
export async function openWorkbench(options: { folder: string; trusted: boolean; settings?: Record<string, unknown>; machineSettings?: Record<string, unknown>; env?: Record<string, string> }): Promise<Workbench> {
  const settings = {
    // Restricted Mode is VS Code's default for a new folder; trusted tests switch trust off.
    'security.workspace.trust.enabled': options.trusted ? false : true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'workbench.editor.enablePreview': false,
    'editor.hover.delay': 100,
    ...options.settings,
  };
  const server: CodeServer = await startCodeServer({ folder: options.folder, settings, machineSettings: options.machineSettings, env: options.env });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleLog: string[] = [];
    page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));
    await page.goto(`${server.url}?folder=${encodeURIComponent(server.folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60000 });
    const opened = browser;
    return {
      page,
      folder: server.folder,
      server,
      consoleLog,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/** Runs a scenario; on failure keeps a screenshot and the workbench logs under test-results/. */
export async function withArtifacts(workbench: Workbench, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const base = join(RESULTS_DIR, name.replace(/[^a-z0-9]+/gi, '-'));
    await workbench.page.screenshot({ path: `${base}.png` }).catch(() => undefined);
    writeFileSync(`${base}.log`, `${String(error instanceof Error ? error.stack : error)}\n\n--- code-server ---\n${workbench.server.logs()}\n--- workbench console ---\n${workbench.consoleLog.join('\n')}\n`);
    throw error;
  }
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Command titles the palette offers for a search. */
export async function paletteCommands(page: Page, search: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${search}`);
  // The list settles when it shows rows or says there are none.
  await page.locator('.quick-input-list .monaco-list-row, .quick-input-message:has-text("No matching commands")').first().waitFor();
  const titles = await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
  await page.keyboard.press('Escape');
  return titles;
}

/**
 * Opens one file, alone: other editors are closed first, so the Problems panel shows this file's
 * diagnostics only (the server clears a file's diagnostics when it closes).
 */
export async function openFile(page: Page, name: string): Promise<void> {
  if ((await page.locator('.tabs-container .tab').count()) > 0) await runCommand(page, 'View: Close All Editors');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  // Rows are labelled "<name>, file results"; the prefix keeps example.com.zone from matching broken.example.com.zone.
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${name},"]`).first().click();
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

export interface ProblemRow {
  code: string;
  line: number;
  column: number;
  text: string;
}

/** Opens the Problems panel and reads every row (the panel is maximised so none is virtualised away). */
export async function problems(page: Page): Promise<ProblemRow[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const result: ProblemRow[] = [];
  for (const text of rows) {
    // The row reads "<message>email-auth<code>[Ln 4, Col 18]" (the parentheses are drawn by CSS).
    const match = /email-auth\s*\(?\s*([a-z0-9]+(?:-[a-z0-9]+)+)\s*\)?\s*\[\s*Ln\s+(\d+),\s*Col\s+(\d+)\s*\]\s*$/.exec(text);
    if (match) result.push({ code: match[1], line: Number(match[2]), column: Number(match[3]), text });
  }
  return result;
}

export async function showProblems(page: Page): Promise<void> {
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel').waitFor();
}

/** Polls until `read` returns a value that satisfies `accept`, or fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: condition not met within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}
