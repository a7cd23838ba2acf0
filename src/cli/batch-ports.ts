/** The ports of the batch use cases, from a command's Context (the provider is built on first use). */
import type { Context } from './context.js';
import type { BatchPorts } from '../core/batch/ports.js';
import type { BatchRecord } from '../core/batch/record.js';
import type { BatchProvider } from '../providers/batch-types.js';
import type { ProviderName } from '../domain/provider.js';

export async function batchPortsFor(ctx: Context, provider: ProviderName = 'gemini'): Promise<BatchPorts> {
  const { settings, output } = ctx;
  const [{ BatchBook }, { createBatchProvider, createTextModel }] = await Promise.all([import('../store/batch-book.js'), import('../providers/create.js')]);
  let built: Promise<BatchProvider> | undefined;
  return {
    catalog: await ctx.catalog(),
    store: await ctx.store(),
    clock: () => new Date(),
    signal: ctx.signal,
    onNotice: (m) => output.notice(m),
    textModel: () => createTextModel(settings.providers()),
    book: new BatchBook<BatchRecord>(settings.home),
    batchProvider: () => (built ??= createBatchProvider(provider, settings.providers())),
  };
}
