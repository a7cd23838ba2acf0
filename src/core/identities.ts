/**
 * Identities: named sets of up to five reference photos of one person, kept in the catalog so
 * `--identity NAME` can send them with any request. Photos are checked and prepared like any input.
 */
import { usageError } from '../domain/errors.js';
import { resolveInputs } from './inputs.js';
import type { Ports } from './ports.js';
import type { Identity, IdentitySummary } from '../domain/entry.js';
import type { Catalog, IdentityRow } from '../catalog/catalog.js';
import { unknownModel, type ModelSpec } from '../providers/models.js';
import type { Store } from '../store/store.js';

export const MAX_IDENTITY_PHOTOS = 5;
const IDENTITY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;

/** The slots photos are checked against: as many as an identity holds, with no model's limits. */
const PHOTO_SLOTS: ModelSpec = { ...unknownModel('identity photos', 'gemini'), maxInputImages: MAX_IDENTITY_PHOTOS };

export function checkIdentityName(typed: string): string {
  const name = typed.trim();
  if (!IDENTITY_NAME.test(name)) {
    throw usageError('INVALID_IDENTITY_NAME', `"${typed}" is not a usable identity name.`, 'Use up to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit, e.g. ana or "Ana Maria".');
  }
  return name;
}

/** The identity called `typed` (any case); an unknown name is a usage error listing the known ones. */
export function findIdentity(catalog: Catalog, typed: string): IdentityRow {
  const row = catalog.identities.get(typed.trim());
  if (row) return row;
  const known = catalog.identities.list().map((i) => i.name);
  throw usageError(
    'UNKNOWN_IDENTITY',
    `There is no identity called "${typed}".`,
    known.length ? `Known identities: ${known.join(', ')}.` : 'There are none yet: save one with imagegen identity add NAME -i photo.jpg.',
  );
}

export function listIdentities(catalog: Catalog): IdentitySummary[] {
  return catalog.identities.list();
}

export function showIdentity(catalog: Catalog, store: Store, typed: string): Identity {
  const row = findIdentity(catalog, typed);
  const photos = catalog.identities
    .photos(row.name)
    .map((p) => ({ ...p, path: store.blobPath(p.sha256, p.mimeType) }));
  return { ...row, photos };
}

export interface AddedPhotos {
  identity: Identity;
  /** Photos the identity already had (same bytes), skipped. */
  duplicates: number;
}

function tooMany(name: string, existing: number, adding: number): Error {
  return usageError(
    'TOO_MANY_IDENTITY_PHOTOS',
    `Identity "${name}" would hold ${existing + adding} photos (${existing} saved, ${adding} new); an identity holds at most ${MAX_IDENTITY_PHOTOS}.`,
    existing ? `Add at most ${MAX_IDENTITY_PHOTOS - existing} more, or start again with imagegen identity remove "${name}".` : `Pick the best ${MAX_IDENTITY_PHOTOS}.`,
  );
}

/** Creates the identity or adds to it. Every photo is checked before anything is stored. */
export async function addIdentityPhotos(ports: Ports, typedName: string, values: string[], cwd = ports.cwd ?? process.cwd()): Promise<AddedPhotos> {
  const rows = ports.catalog.identities;
  const name = rows.get(typedName.trim())?.name ?? checkIdentityName(typedName);
  if (!values.length) throw usageError('NO_IDENTITY_PHOTOS', `No photos given for identity "${name}".`, `Give one to ${MAX_IDENTITY_PHOTOS} with -i, e.g. imagegen identity add "${name}" -i face.jpg.`);
  const existing = rows.photos(name).length;
  if (values.length > MAX_IDENTITY_PHOTOS) throw tooMany(name, existing, values.length);
  const prepared = await resolveInputs(values.map((value) => ({ value, role: 'identity' })), PHOTO_SLOTS, ports, cwd);

  const created: { sha256: string; mimeType: string }[] = [];
  const now = ports.clock().toISOString();
  let result: ReturnType<typeof rows.addPhotos>;
  try {
    for (const p of prepared) {
      const stored = await ports.store.putBlob(p.send.data, p.send.mimeType);
      if (stored.created) created.push({ sha256: stored.sha256, mimeType: p.send.mimeType });
    }
    result = rows.addPhotos(
      name,
      prepared.map((p) => ({ blob: p.blob, source: p.source ?? (p.sourceEntryId ? `entry ${p.sourceEntryId}` : null) })),
      now,
      MAX_IDENTITY_PHOTOS,
    );
  } catch (err) {
    for (const blob of created) await ports.store.removeBlob(blob.sha256, blob.mimeType);
    throw err;
  }
  if (!result.ok) {
    for (const blob of created) await ports.store.removeBlob(blob.sha256, blob.mimeType);
    throw tooMany(name, result.existing, result.adding);
  }
  return { identity: showIdentity(ports.catalog, ports.store, name), duplicates: result.duplicates.length };
}

/** Removes identities (all names are checked first) and the photo blobs nothing else uses. */
export async function removeIdentities(ports: Ports, typedNames: string[]): Promise<{ removed: string[] }> {
  const names = [...new Set(typedNames.map((typed) => findIdentity(ports.catalog, typed).name))];
  const rows = ports.catalog.identities;
  for (const name of names) {
    for (const blob of rows.remove(name)) await ports.store.removeBlob(blob.sha256, blob.mimeType);
  }
  return { removed: names };
}
