// What a browser fetched to draw a page (images, stylesheets, scripts, fonts, media) rather than
// what the user asked the application for. A load test of the application leaves these out: a
// CDN or the browser's cache serves them, and they would drown the API's numbers.
import type { Entry } from 'har-format';

/** Chromium's and Firefox's `_resourceType` for a page's assets. */
const ASSET_TYPES = new Set(['image', 'stylesheet', 'script', 'font', 'media', 'manifest', 'texttrack', 'imageset']);
const ASSET_MIME = /^(image|font|audio|video)\/|^(text|application)\/(css|javascript|x-javascript|ecmascript|wasm)|^application\/(font-|x-font-|vnd\.ms-fontobject)/i;
const ASSET_EXTENSION = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|css|m?js|map|woff2?|ttf|otf|eot|mp4|webm|ogg|mp3|wav|m4a|wasm)$/i;

/** The kind of asset `entry` is (`stylesheet`, `image/png`, `.woff2`), or undefined for a request to keep. */
export function assetKind(entry: Entry, url: URL): string | undefined {
  const type = (entry as Entry & { _resourceType?: string })._resourceType;
  if (type && ASSET_TYPES.has(type)) return type;
  const mime = entry.response.content?.mimeType?.split(';')[0].trim() ?? '';
  if (ASSET_MIME.test(mime)) return mime;
  const extension = ASSET_EXTENSION.exec(url.pathname);
  return extension ? extension[0] : undefined;
}
