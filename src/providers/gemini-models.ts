/** The live `models.list` of the Gemini API: which model ids the key can use. */
import { geminiClient, type GeminiOptions } from './gemini.js';
import { toGeminiError } from './gemini-errors.js';

/** Every model id the API lists for this key, without the `models/` prefix. */
export async function listLiveModels(options: Pick<GeminiOptions, 'apiKey' | 'baseUrl' | 'timeoutMs'>, signal?: AbortSignal): Promise<string[]> {
  const ai = geminiClient(options);
  const ids: string[] = [];
  try {
    const pager = await ai.models.list({ config: { pageSize: 1000, abortSignal: signal, httpOptions: { timeout: options.timeoutMs } } });
    for await (const model of pager) {
      if (model.name) ids.push(model.name.replace(/^models\//, ''));
    }
  } catch (err) {
    throw toGeminiError(err, 'models.list', options.timeoutMs);
  }
  return ids;
}
