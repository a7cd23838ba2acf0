/** What the batch use cases work with; the CLI builds these, tests build their own. */
import type { Ports } from '../ports.js';
import type { BatchRecord } from './record.js';
import type { BatchBook } from '../../store/batch-book.js';
import type { BatchProvider } from '../../providers/batch-types.js';

export interface BatchPorts extends Ports {
  book: BatchBook<BatchRecord>;
  /** Built on first use, so commands that only read the home need no key. */
  batchProvider: () => Promise<BatchProvider>;
}
