/**
 * `nrlab serve --open` hands the browser a launcher file, not the URL: the token must not appear
 * on a command line (visible to every user through `ps`), and the file is readable by its owner only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInBrowser } from '../../../src-main/cli/open';

const TOKEN = 'Sx9-secret_token_AAAAAAAAAAAAAAAAAAAAAAAA';
const URL_WITH_TOKEN = `http://127.0.0.1:8765/?token=${TOKEN}`;

describe('openInBrowser', () => {
  it('opens a launcher file (0600, in a 0700 folder) that redirects to the URL; the argv carries no token', () => {
    const calls: [string, string[]][] = [];
    const launcher = openInBrowser(URL_WITH_TOKEN, (cmd, args) => calls.push([cmd, args]));
    expect(launcher).toBeDefined();
    try {
      expect(calls).toHaveLength(1);
      const argv = [calls[0]![0], ...calls[0]![1]].join(' ');
      expect(argv).not.toContain(TOKEN);
      expect(argv).not.toContain('token');
      expect(calls[0]![1]).toContain(launcher!.file);
      if (process.platform !== 'win32') {
        expect(statSync(launcher!.file).mode & 0o777).toBe(0o600);
        expect(statSync(path.dirname(launcher!.file)).mode & 0o777).toBe(0o700);
      }
      const html = readFileSync(launcher!.file, 'utf8');
      expect(html).toContain(`content="0;url=${URL_WITH_TOKEN}"`);
      expect(html).toContain(`location.replace("${URL_WITH_TOKEN}")`);
    } finally {
      launcher?.dispose();
    }
    expect(existsSync(launcher!.file)).toBe(false);
    expect(existsSync(path.dirname(launcher!.file))).toBe(false);
  });

  it('escapes the URL inside the HTML', () => {
    const launcher = openInBrowser('http://127.0.0.1:1/?token=a"><script>x</script>&b', () => undefined)!;
    const html = readFileSync(launcher.file, 'utf8');
    launcher.dispose();
    expect(html).not.toContain('"><script>x');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});
