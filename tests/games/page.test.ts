import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import {
  downloadFileName,
  escapeJsonForScript,
  inlineSafeScript,
  renderDownloadPage,
  renderGamePage,
} from '../../src/games/page.js';

/** The HTML around a game: the spec is data inside a JSON block that nothing can break out of. */

const hostile = () => {
  const spec = structuredClone(catalogueEntry('collector').example);
  spec.title = '</script><script>alert(1)</script>';
  spec.hero.name = '<img src=x onerror=alert(1)>';
  spec.lines.intro = 'a\u2028b\u2029c <!-- & -->';
  return spec;
};

/** The text inside the game-spec block, as the HTML parser would cut it. */
function specBlock(html: string): string {
  const start = html.indexOf('<script id="game-spec" type="application/json">');
  const open = html.indexOf('>', start) + 1;
  return html.slice(open, html.indexOf('</script>', open));
}

describe('escapeJsonForScript', () => {
  it('escapes everything that could end the script element or confuse a parser', () => {
    const out = escapeJsonForScript({ s: '</script><!-- & \u2028\u2029 >' });
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual({ s: '</script><!-- & \u2028\u2029 >' });
  });
});

describe('renderGamePage', () => {
  it('embeds the spec as JSON that round-trips, loads the runtime, and runs no inline script', () => {
    const spec = hostile();
    const html = renderGamePage(spec, { runtimeUrl: '/runtime/game.js' });
    expect(JSON.parse(specBlock(html))).toEqual(spec);
    expect(html).toContain('<script src="/runtime/game.js"></script>');
    // Exactly two script elements: the JSON data block and the runtime.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).not.toContain('<img');
  });
});

describe('renderDownloadPage', () => {
  it('inlines the runtime and pins it by hash in a meta CSP', () => {
    const runtime = 'console.log("</script>"); var x = "<!--";';
    const html = renderDownloadPage(hostile(), runtime);
    const script = inlineSafeScript(runtime);
    expect(html).toContain(`<script>${script}</script>`);
    expect(script).not.toMatch(/<\/script|<!--/i);
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(JSON.parse(specBlock(html))).toEqual(hostile());
  });

  it('names the file with a safe slug', () => {
    const spec = structuredClone(catalogueEntry('maze').example);
    expect(downloadFileName(spec)).toBe('the-gruffalo-forest.html');
    spec.title = '</script> "Crème brûlée" ../../etc';
    expect(downloadFileName(spec)).toBe('script-creme-brulee-etc.html');
    spec.title = 'מקס 👑';
    expect(downloadFileName(spec)).toBe('my-game.html');
  });
});
