/**
 * `models`: imagegen's model table (limits, prices, status) merged, when a key is at hand, with
 * the API's live models.list: which of the ids the key can use, and which image models the API
 * offers that the table does not know.
 */
import { toImagegenError, type ErrorJson } from '../domain/errors.js';
import { DEFAULT_MODEL, DEFAULT_TEXT_MODEL, MODELS, RETIRED_MODELS, type ModelAlias, type ModelSpec } from '../providers/models.js';

export interface ModelRow extends Omit<ModelSpec, 'priced'> {
  default: boolean;
  /** Listed by the API for this key: true/false, or null when the live list was not checked. */
  available: boolean | null;
}

export interface ModelsReport {
  models: ModelRow[];
  /** Retired ids that are sent as their replacement. */
  aliases: ModelAlias[];
  textModel: string;
  live: {
    checked: boolean;
    /** Image model ids the API lists that the table does not know (sent as is, cost unknown). */
    unlisted: string[];
    error: ErrorJson | null;
  };
}

/** Lists the live model ids, or null when there is no key (offline: the table alone). */
export type LiveModels = (() => Promise<string[]>) | null;

export async function modelsReport(live: LiveModels): Promise<ModelsReport> {
  let ids: Set<string> | null = null;
  let error: ErrorJson | null = null;
  if (live) {
    try {
      ids = new Set(await live());
    } catch (err) {
      error = toImagegenError(err).toJSON();
    }
  }
  const models = MODELS.map(({ priced: _priced, ...spec }): ModelRow => ({
    ...spec,
    default: spec.id === DEFAULT_MODEL,
    available: ids === null || spec.provider !== 'gemini' ? null : ids.has(spec.id),
  }));
  const known = new Set(MODELS.map((m) => m.id));
  const unlisted = ids === null ? [] : [...ids].filter((id) => /-image\b/.test(id) && !known.has(id)).sort();
  return { models, aliases: [...RETIRED_MODELS], textModel: DEFAULT_TEXT_MODEL, live: { checked: ids !== null, unlisted, error } };
}

/** The report for the settings at hand: the live list only with a Developer API key (not Vertex). */
export function listModels(access: { apiKey: string | undefined; vertex: boolean; timeoutMs: number; signal?: AbortSignal }): Promise<ModelsReport> {
  const { apiKey } = access;
  const live: LiveModels =
    apiKey && !access.vertex
      ? async () => {
          const { listLiveModels } = await import('../providers/gemini-models.js');
          return listLiveModels({ apiKey, timeoutMs: access.timeoutMs }, access.signal);
        }
      : null;
  return modelsReport(live);
}
