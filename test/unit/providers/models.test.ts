/** The model table: retired ids, the nearest ratio for edits, and the cost of every billed token. */
import { describe, expect, it } from 'vitest';
import { aliasNotice, costOf, findModel, nearestAspectRatio, resolveModelId, unknownModel, type ModelSpec } from '../../../src/providers/models.js';

const flash = findModel('gemini-3.1-flash-image') as ModelSpec;
const pro = findModel('gemini-3-pro-image') as ModelSpec;

describe('model ids', () => {
  it('retired ids map to their replacements; others are kept', () => {
    expect(resolveModelId('gemini-3.1-flash-image-preview')).toMatchObject({ id: 'gemini-3.1-flash-image', alias: { shutdown: '2026-06-25' } });
    expect(resolveModelId('gemini-2.5-flash-image').id).toBe('gemini-3.1-flash-image');
    expect(resolveModelId('gemini-2.5-flash').id).toBe('gemini-3.5-flash-lite');
    expect(resolveModelId('my-tuned-image-model')).toEqual({ id: 'my-tuned-image-model', alias: undefined });
    expect(findModel('gemini-3-pro-image-preview')?.id).toBe('gemini-3-pro-image');
  });

  it('the notice says whether the shutdown has happened', () => {
    const alias = resolveModelId('gemini-2.5-flash').alias!;
    expect(aliasNotice(alias, new Date('2026-11-29T12:00:00Z'))).toBe('Model gemini-2.5-flash is deprecated and shuts down on 2026-12-01; using gemini-3.5-flash-lite instead.');
    expect(aliasNotice(alias, new Date('2026-12-01T00:00:00Z'))).toBe('Model gemini-2.5-flash was shut down by Google on 2026-12-01; using gemini-3.5-flash-lite instead.');
  });
});

describe('nearestAspectRatio', () => {
  it('picks the closest supported ratio on a log scale', () => {
    expect(nearestAspectRatio(200, 128, flash.aspectRatios)).toBe('3:2');
    expect(nearestAspectRatio(144, 192, flash.aspectRatios)).toBe('3:4');
    expect(nearestAspectRatio(4000, 500, flash.aspectRatios)).toBe('8:1');
    expect(nearestAspectRatio(4000, 500, pro.aspectRatios)).toBe('21:9');
  });
});

describe('costOf', () => {
  it('counts input, image and text-and-thinking tokens at the model\'s prices', () => {
    // The recorded gemini-3-pro-image reply: 22 in, 1216 candidates of which 1120 image, 179 thoughts.
    expect(costOf(pro, { inputTokens: 22, outputTokens: 1216 + 179, imageTokens: 1120 }, { size: '1K' })).toBe(0.137744);
    expect(costOf(flash, { inputTokens: 1000, outputTokens: 1120, imageTokens: 1120 }, { size: '1K' })).toBe(0.0677);
    // The recorded GA gemini-3.1-flash-image reply: 10 in, 1392 candidates of which 1120 image.
    expect(costOf(flash, { inputTokens: 10, outputTokens: 1392, imageTokens: 1120 }, { size: '1K' })).toBe(0.068021);
  });

  it('without an image breakdown, charges the size\'s image price plus the rest as text', () => {
    expect(costOf(flash, { inputTokens: 0, outputTokens: 1120 }, { size: '1K' })).toBe(0.067);
    expect(costOf(flash, { inputTokens: 0, outputTokens: 1120 + 100 }, { size: '1K' })).toBe(0.0673);
  });

  it('a failed reply costs its input and the tokens it reports', () => {
    expect(costOf(flash, { inputTokens: 15, outputTokens: 212 }, null)).toBe(0.000644);
    expect(costOf(flash, { inputTokens: 0, outputTokens: 0 }, null)).toBe(0);
  });

  it('a model without prices costs null, never $0', () => {
    expect(costOf(unknownModel('mystery-image', 'gemini'), { inputTokens: 10, outputTokens: 1120 }, { size: '1K' })).toBeNull();
  });
});

describe('modelsReport', () => {
  it('merges the live list: which ids the key can use, and image models the table does not know', async () => {
    const { modelsReport } = await import('../../../src/core/models.js');
    const report = await modelsReport(async () => ['gemini-3.1-flash-image', 'gemini-4-image', 'gemini-3.5-flash-lite']);
    expect(report.models.find((m) => m.id === 'gemini-3.1-flash-image')).toMatchObject({ available: true, default: true });
    expect(report.models.find((m) => m.id === 'gemini-3-pro-image')?.available).toBe(false);
    expect(report.models.find((m) => m.provider === 'offline')?.available).toBeNull();
    expect(report.live).toEqual({ checked: true, unlisted: ['gemini-4-image'], error: null });
  });

  it('a failing live list is reported, and the table still comes back', async () => {
    const { modelsReport } = await import('../../../src/core/models.js');
    const report = await modelsReport(async () => {
      throw new Error('network down');
    });
    expect(report.live.checked).toBe(false);
    expect(report.live.error?.message).toContain('network down');
    expect(report.models.every((m) => m.available === null)).toBe(true);
  });
});
