/**
 * The hosted login (universal login): GET /authorize and the page it serves, which renders the
 * same `<passwordless-login>` element, the routes that complete its pending request, and its files.
 * Each route is a named handler of this folder; the sign-in rules are in ../signin/.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import {
  brandingSheetHandler,
  faviconHandler,
  hostedSheetHandler,
  webMessageScriptHandler,
  widgetAssetHandler,
} from './assets.js';
import { authorizeHandler } from './authorize.js';
import {
  completeWithCodeHandler,
  completeWithCodeOptions,
  completeWithPasskeyHandler,
  completeWithPasskeyOptions,
  statusHandler,
  statusOptions,
} from './complete.js';
import { linkHandler } from './link.js';
import { webMessageHandler } from './respond.js';

export function hostedRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/authorize', authorizeHandler(ctx));
    app.get('/authorize/respond', webMessageHandler(ctx));
    app.get('/authorize/web-message.js', webMessageScriptHandler);
    app.get('/authorize/link', linkHandler(ctx));
    app.post('/authorize/complete', completeWithCodeOptions(ctx), completeWithCodeHandler(ctx));
    app.post('/authorize/passkey', completeWithPasskeyOptions(ctx), completeWithPasskeyHandler(ctx));
    app.post('/authorize/status', statusOptions(ctx), statusHandler(ctx));
    app.get('/favicon.ico', faviconHandler);
    app.get('/authorize/branding/:file', brandingSheetHandler(ctx));
    app.get('/authorize/assets/hosted.css', hostedSheetHandler);
    app.get('/authorize/assets/:file', widgetAssetHandler(''));
    app.get('/authorize/assets/locales/:file', widgetAssetHandler('locales/'));
  };
}
