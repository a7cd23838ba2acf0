/** Where a home keeps its catalog (a module of its own, so completion can ask without loading the catalog). */
import { join } from 'node:path';

export function catalogFile(home: string): string {
  return join(home, 'catalog.db');
}
