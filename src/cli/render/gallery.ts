/** Renders what `gallery` wrote: the index's path on stdout, the counts beside it. */
import type { GalleryResult } from '../../gallery/build.js';
import type { Output } from './output.js';

export function renderGallery(output: Output, r: GalleryResult): void {
  if (output.json) {
    // Named one by one: the pages' paths (made only when asked for) are not part of the output.
    const { dir, index, entries, pages, thumbnails, images } = r;
    output.data({ dir, index, entries, pages, thumbnails, images });
    return;
  }
  const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
  output.notice(
    `Gallery of ${n(r.entries, 'entry', 'entries')}: ${n(r.pages.written, 'file')} written, ${r.pages.unchanged.toLocaleString('en')} unchanged` +
      `${r.pages.removed ? `, ${n(r.pages.removed, 'page')} removed` : ''}; ${n(r.thumbnails.made, 'thumbnail')} made, ${r.thumbnails.reused.toLocaleString('en')} reused` +
      `${r.thumbnails.failed ? `, ${r.thumbnails.failed} failed` : ''}${r.images.missing ? `; ${n(r.images.missing, 'image')} missing` : ''}.`,
  );
  output.line(r.index);
}
