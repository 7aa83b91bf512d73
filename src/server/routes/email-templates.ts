/**
 * Custom email templates, Auth0 Management API v2's shapes: `POST /api/v2/email-templates`
 * (create:email_templates), `GET` (read:email_templates), `PUT` and `PATCH
 * /api/v2/email-templates/{templateName}` (update:email_templates). The work is in
 * ../email/templates.ts; a template is checked when saved and used by the next email.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ManagementScope } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { conflict, invalidBody, notFound } from '../errors.js';
import { authorizeManagement } from '../management-auth.js';
import {
  getTemplate,
  isTemplateName,
  putTemplate,
  readTemplate,
  TEMPLATE_NAMES,
  type TemplateName,
} from '../email/templates.js';

interface NameParams {
  templateName: string;
}

function nameOf(raw: string): TemplateName {
  if (!isTemplateName(raw)) {
    throw notFound(`No email template of that name; the names are ${TEMPLATE_NAMES.join(', ')}.`);
  }
  return raw;
}

export function emailTemplateRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const caller = async (request: FastifyRequest, scope: ManagementScope) =>
      (await authorizeManagement(ctx, request, scope)).client.client_id;
    const audit = (request: FastifyRequest, actor: string, name: TemplateName, enabled: boolean) =>
      request.log.info({ audit: 'email_template.saved', actor, template: name, enabled }, 'email template saved');

    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post('/api/v2/email-templates', async (request, reply) => {
      const actor = await caller(request, 'create:email_templates');
      const raw = request.body as Record<string, unknown> | undefined;
      if (typeof raw?.template !== 'string') throw invalidBody('Missing required property: template');
      const name = nameOf(raw.template);
      if (await getTemplate(ctx.store, name, ctx.now())) {
        throw conflict(`The template ${name} exists; change it with PATCH or PUT.`);
      }
      const t = readTemplate(name, raw, null, true);
      await putTemplate(ctx.store, t);
      audit(request, actor, name, t.enabled);
      return reply.code(201).send(t);
    });

    app.get<{ Params: NameParams }>('/api/v2/email-templates/:templateName', async (request) => {
      await caller(request, 'read:email_templates');
      const name = nameOf(request.params.templateName);
      const t = await getTemplate(ctx.store, name, ctx.now());
      if (!t) throw notFound(`The template ${name} is not set; the built-in email is sent.`);
      return t;
    });

    app.put<{ Params: NameParams }>('/api/v2/email-templates/:templateName', async (request) => {
      const actor = await caller(request, 'update:email_templates');
      const name = nameOf(request.params.templateName);
      const t = readTemplate(name, request.body, null, true);
      await putTemplate(ctx.store, t);
      audit(request, actor, name, t.enabled);
      return t;
    });

    app.patch<{ Params: NameParams }>('/api/v2/email-templates/:templateName', async (request) => {
      const actor = await caller(request, 'update:email_templates');
      const name = nameOf(request.params.templateName);
      const current = await getTemplate(ctx.store, name, ctx.now());
      if (!current) throw notFound(`The template ${name} is not set; create it with PUT or POST.`);
      const t = readTemplate(name, request.body, current, false);
      await putTemplate(ctx.store, t);
      audit(request, actor, name, t.enabled);
      return t;
    });
  };
}
