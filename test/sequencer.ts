/**
 * The order files start in. Vitest orders by the last run's durations, which a clean checkout
 * (CI) has not got: then by file size, and the longest file by far, the README's examples (a
 * child process per command, in one sequence), is among the smallest, so it started last and
 * ran alone at the end while the other worker idled. These files start first; the rest follow
 * vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = ['test/e2e/readme.test.ts', 'test/reliability/crash.test.ts', 'test/browser/gallery.test.ts'];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    return sorted.map((spec, order) => ({ spec, order })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order).map(({ spec }) => spec);
  }
}
