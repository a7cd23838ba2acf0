/** Renders identities: JSON for scripts, short lines for people. */
import { bytes } from './format.js';
import type { Identity, IdentitySummary } from '../../domain/entry.js';
import type { Output } from './output.js';

export function renderIdentityList(output: Output, identities: IdentitySummary[]): void {
  if (output.json) {
    output.data({ identities });
    return;
  }
  if (!identities.length) {
    output.notice('No identities yet. Save one with: imagegen identity add NAME -i photo.jpg');
    return;
  }
  for (const i of identities) output.line(`${i.name}\t${i.photoCount} photo${i.photoCount === 1 ? '' : 's'}\tupdated ${i.updatedAt}`);
}

export function renderIdentity(output: Output, identity: Identity): void {
  if (output.json) {
    output.data(identity);
    return;
  }
  output.line(`${identity.name}: ${identity.photoCount} photo${identity.photoCount === 1 ? '' : 's'} (created ${identity.createdAt})`);
  for (const p of identity.photos) {
    const size = p.width && p.height ? `${p.width}×${p.height} ` : '';
    output.line(`  ${p.position}. ${p.source ?? p.sha256.slice(0, 12)}  (${size}${p.mimeType}, ${bytes(p.bytes)})  stored at ${p.path}`);
  }
}
