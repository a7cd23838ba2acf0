import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Three files at a time, whatever the machine: vitest's default (cores - 1) ran them one by one
    // on a 2-core box, and most e2e files spend their time waiting on a child, a socket or a browser
    // (the suite keeps two cores about half busy with two workers; three cut its time by a quarter).
    maxWorkers: 3,
    // A worker keeps its loaded modules from one file to the next instead of starting afresh for
    // each (7-10 s of 89 start-ups on 2 cores). Files must leave globals as they found them: the
    // in-process CLI (test/e2e/cli.ts) puts process.env and the working directory back after each run.
    isolate: false,
    // The longest files first, also from a clean checkout (see test/sequencer.ts).
    sequence: { sequencer: LongestFirst },
  },
});
