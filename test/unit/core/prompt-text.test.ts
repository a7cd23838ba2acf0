/** Prompt hygiene: NUL bytes, invalid UTF-8 and prompts over the model's limit are refused (exit 2) before anything is sent. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { planGenerate } from '../../../src/core/generate.js';
import { MAX_PROMPT_CHARS } from '../../../src/core/prompt-text.js';
import { readPromptArg } from '../../../src/cli/stdin.js';

const plan = (prompt: string, model?: string) => planGenerate({ prompt, count: 1, provider: 'gemini', model, outDir: '/tmp/unused', concurrency: 1 });

describe('a typed prompt', () => {
  it('with a NUL character is refused', async () => {
    await expect(plan('a red\0fox')).rejects.toMatchObject({ code: 'PROMPT_INVALID', exitCode: 2, message: expect.stringContaining('NUL') });
  });

  it('with U+FFFD (invalid UTF-8 in an argument) or a lone surrogate is refused', async () => {
    await expect(plan('a red \uFFFD fox')).rejects.toMatchObject({ code: 'PROMPT_INVALID', exitCode: 2, message: expect.stringContaining('UTF-8') });
    await expect(plan('a red \uD800 fox')).rejects.toMatchObject({ code: 'PROMPT_INVALID', exitCode: 2 });
  });

  it("over the model's limit is refused, naming the limit and the model", async () => {
    const long = 'a red fox '.repeat(MAX_PROMPT_CHARS / 10 + 1);
    await expect(plan(long, 'gemini-3-pro-image')).rejects.toMatchObject({
      code: 'PROMPT_TOO_LONG',
      exitCode: 2,
      message: expect.stringMatching(/over the 32,768-character limit for gemini-3-pro-image/),
    });
  });

  it('at the limit, with emoji and accents, is accepted', async () => {
    const job = await plan(`café 🦊 ${'x'.repeat(MAX_PROMPT_CHARS - 200)}`);
    expect(job.prompt.startsWith('café 🦊')).toBe(true);
  });
});

describe('a prompt from standard input', () => {
  const stdin = (bytes: Buffer) => Object.assign(Readable.from([bytes]), { isTTY: false }) as unknown as NodeJS.ReadStream;

  it('with NUL bytes is refused', async () => {
    await expect(readPromptArg('-', stdin(Buffer.from('a fox\0\0\0')))).rejects.toMatchObject({ code: 'PROMPT_INVALID', exitCode: 2 });
  });

  it('that is not UTF-8 is refused', async () => {
    await expect(readPromptArg('-', stdin(Buffer.from([0x61, 0x20, 0xff, 0xfe, 0x66, 0x6f, 0x78])))).rejects.toMatchObject({ code: 'PROMPT_INVALID', message: expect.stringContaining('not valid UTF-8') });
  });

  it('in UTF-8 is read as given', async () => {
    await expect(readPromptArg('-', stdin(Buffer.from('un renard roux — 🦊\n')))).resolves.toBe('un renard roux — 🦊\n');
  });
});
