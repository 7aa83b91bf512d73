/**
 * The hosted page's files: its stylesheet, each client's branded sheet, the element's script-tag
 * build (dist/cdn and its locale chunks), the web-message script, and a favicon answer. Cached for
 * five minutes (the page links the branded sheet by a version of its content).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveBranding } from '../branding.js';
import type { AppContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { brandingCss, HOSTED_CSS, widgetAssetFile } from './page.js';
import { WEB_MESSAGE_SCRIPT } from './web-message.js';

const CACHED = 'public, max-age=300';

type Params = { file: string };

/** GET /authorize/branding/:file: `{client_id}.css`, the client's branding as it stands now. */
export function brandingSheetHandler(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { file } = request.params as Params;
    const client = file.endsWith('.css') ? ctx.clients.get(decodeURIComponent(file.slice(0, -4))) : undefined;
    if (!client) throw notFound('No branding for this client.');
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', CACHED)
      .send(brandingCss(client, await resolveBranding(ctx, client.client_id)));
  };
}

/** GET /authorize/assets/hosted.css: the page's own sheet. */
export const hostedSheetHandler = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.type('text/css; charset=utf-8').header('cache-control', CACHED).send(HOSTED_CSS);

/** GET /authorize/web-message.js: the script of the page that posts a popup's answer. */
export const webMessageScriptHandler = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.type('text/javascript; charset=utf-8').header('cache-control', CACHED).send(WEB_MESSAGE_SCRIPT);

/** GET /favicon.ico: browsers ask every origin for one; the hosted page has none (and logs no 404). */
export const faviconHandler = async (_request: FastifyRequest, reply: FastifyReply) =>
  reply.code(204).header('cache-control', 'public, max-age=86400').send();

/**
 * @fastify/send, imported on the first asset request: a server whose hosted page is never opened
 * never holds it (with @fastify/static, which this replaced, ~1.5 MiB of heap at start).
 */
const importSend = () => import('@fastify/send');
let sendModule: ReturnType<typeof importSend> | undefined;

/**
 * GET /authorize/assets/:file and …/locales/:file: the element's script-tag build, streamed from
 * its folder by @fastify/send (with ETag, Last-Modified, conditional and range requests); a
 * missing file is a JSON 404.
 */
export const widgetAssetHandler = (dir: '' | 'locales/') => async (request: FastifyRequest, reply: FastifyReply) => {
  const name = dir + (request.params as Params).file;
  const missing = () =>
    notFound(
      name === 'passwordless-login.js'
        ? 'The element is not built: run npm run build:widget.'
        : `No asset ${name.slice(0, 100)}`,
    );
  const found = widgetAssetFile(name);
  if (!found) throw missing();
  const { default: send } = await (sendModule ??= importSend());
  // send decodes the path it is given; the name is checked to be plain (widgetAssetFile).
  const sent = await send(request.raw, encodeURI(found.file), {
    root: found.root,
    contentType: false,
    cacheControl: false,
    index: false,
  });
  // send looks the file up (one stat): a missing file, or a folder by that name, is the JSON 404.
  if (sent.type === 'directory') throw missing();
  if (sent.type === 'error') {
    const { error } = sent.metadata as { error: Error & { status?: number } };
    if (error.status === 404) throw missing();
    if (error.status === 416) {
      const range = sent.headers['Content-Range'];
      throw new ApiError(
        416,
        'bad.request',
        'The requested range is not in the file.',
        range ? { 'content-range': range } : {},
      );
    }
    if (error.status === 412) {
      throw new ApiError(
        412,
        'bad.request',
        'The file has changed since the copy the request names (If-Match, If-Unmodified-Since).',
      );
    }
    throw error;
  }
  return reply
    .code(sent.statusCode)
    .headers(sent.headers)
    .type('text/javascript; charset=utf-8')
    .header('cache-control', CACHED)
    .send(sent.stream);
};
