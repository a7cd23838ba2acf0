/**
 * The one way a renderer draws a table. Colour follows the Output, not the process: cli-table3's
 * own colouring asks the process whether it runs at a terminal (and so drew no colour in CI even
 * when the Output was told it had one), so the header and the borders are coloured here with a
 * chalk of the Output's level and cli-table3 is given no styles of its own.
 */
import type Table from 'cli-table3';
import type { Output } from './output.js';

type TableOptions = Omit<Table.TableConstructorOptions, 'head' | 'style' | 'chars'>;

const BORDER = {
  top: '─', 'top-mid': '┬', 'top-left': '┌', 'top-right': '┐',
  bottom: '─', 'bottom-mid': '┴', 'bottom-left': '└', 'bottom-right': '┘',
  left: '│', 'left-mid': '├', mid: '─', 'mid-mid': '┼',
  right: '│', 'right-mid': '┤', middle: '│',
} as const;

export type MakeTable = (head: string[], options?: TableOptions) => Table.Table;

/** Loads cli-table3 and chalk (lazily: most commands draw no table) and returns a table maker. */
export async function tableMaker(output: Output): Promise<MakeTable> {
  const [{ default: TableClass }, { Chalk }] = await Promise.all([import('cli-table3'), import('chalk')]);
  const c = new Chalk({ level: output.colour ? 1 : 0 });
  const chars = Object.fromEntries(Object.entries(BORDER).map(([part, char]) => [part, c.gray(char)]));
  return (head, options = {}) => new TableClass({ ...options, head: head.map((h) => c.cyan(h)), chars, style: { head: [], border: [] } }) as Table.Table;
}

export async function newTable(output: Output, head: string[], options: TableOptions = {}): Promise<Table.Table> {
  return (await tableMaker(output))(head, options);
}
