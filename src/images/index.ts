/** Everything that touches pixels: reading, checking, preparing, converting and annotating images. */
export { readImageFile, readImageStream } from './read.js';
export { probeImage } from './probe.js';
export type { ImageInfo } from './probe.js';
export type { ImageFormat } from './format.js';
export { prepareForModel, DEFAULT_INPUT_LIMITS } from './prepare.js';
export type { PreparedImage, InputLimits } from './prepare.js';
export { MAX_INPUT_BYTES, MAX_INPUT_PIXELS } from './limits.js';
export { convertImage, imageDimensions } from './convert.js';
export type { ConvertTarget, ConvertedImage, ImageDimensions } from './convert.js';
export { embedProvenance, readProvenance, provenanceSummary } from './provenance.js';
export { renderPlaceholder } from './placeholder.js';
export type { PlaceholderOptions } from './placeholder.js';
export { hasContentCredentials } from './content-credentials.js';
export { makeThumbnail, THUMBNAIL_EDGE } from './thumbnail.js';
export type { Thumbnail } from './thumbnail.js';
export { renderContactSheet, sheetColumns } from './contact-sheet.js';
export type { SheetCell, Sheet, SheetOptions } from './contact-sheet.js';
