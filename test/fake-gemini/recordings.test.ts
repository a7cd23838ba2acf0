/** Every recorded reply says where it came from and what was changed; only constructed-* are not recordings. */
import { describe, expect, it } from 'vitest';
import { loadRecording, recordingNames } from './recordings.js';

describe('recordings', () => {
  const names = recordingNames();

  it('covers each success shape, each no-image reason and each error status the issue lists', () => {
    expect(names.length).toBeGreaterThanOrEqual(17);
    const statuses = new Set(names.map((n) => loadRecording(n).response.status));
    for (const status of [200, 400, 403, 404, 429, 503]) expect(statuses).toContain(status);
  });

  it.each(names)('%s names its source and its changes', (name) => {
    const { source, changes, response } = loadRecording(name);
    expect(changes.length).toBeGreaterThan(0);
    expect(typeof response.body).toBe('object');
    if (name.startsWith('constructed-')) {
      expect(source.recorded).toBe(false);
      expect(source.url).toMatch(/^https:\/\/ai\.google\.dev\//);
    } else {
      expect(source.recorded).toBe(true);
      const fromRepo = source.repo !== undefined && source.path !== undefined && /^[0-9a-f]{40}$/.test(source.commit ?? '');
      const fromThread = /^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/.test(source.url ?? '');
      expect(fromRepo || fromThread).toBe(true);
    }
  });
});
