/** The gallery's escaping: HTML text and attributes, and JSON inside a script element. */
import { describe, expect, it } from 'vitest';
import { h, isPlainId, jsonForScript } from '../../../src/gallery/html.js';

describe('h', () => {
  it('turns the five special characters into entities', () => {
    expect(h(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('shows control characters as control pictures and keeps tab and newline', () => {
    expect(h('a\u001b[31mb\u0000c\u007f\td\ne')).toBe('a\u241b[31mb\u2400c\u2421\td\ne');
  });

  it('replaces unpaired surrogates and keeps pairs', () => {
    expect(h('x\uD800y\uDC00z😀')).toBe('x\uFFFDy\uFFFDz😀');
  });

  it('prints nothing for null and undefined, numbers as text', () => {
    expect(h(null)).toBe('');
    expect(h(undefined)).toBe('');
    expect(h(0.067)).toBe('0.067');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment, and reads back unchanged', () => {
    const value = { name: '</script><script>alert(1)</script>', p: '<!-- & -->', s: 'line\u2028sep\u2029para', q: `"'\\` };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text.toLowerCase()).not.toContain('</script');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('isPlainId', () => {
  it('accepts catalog ids and nothing that could leave a folder', () => {
    expect(isPlainId('7k2m9x4q')).toBe(true);
    for (const bad of ['../x', 'a/b', 'A1', '', 'a.b', 'x'.repeat(65)]) expect(isPlainId(bad)).toBe(false);
  });
});
