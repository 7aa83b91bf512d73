/**
 * Custom email templates, Auth0 Management API v2's shapes: `POST /api/v2/email-templates`
 * (create:email_templates), `GET` (read:email_templates), `PUT` and `PATCH
 * /api/v2/email-templates/{templateName}` (update:email_templates). The work is in
 * ../email/templates.ts; a template is checked when saved and used by the next email.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ManagementScope } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { authorizeManagement } from '../management-auth.js';
import { emptyBodyAsObject, schemaErrors, type SchemaErrorTable } from '../request-schema.js';
import {
  getTemplate,
  NEW_TEMPLATE_ERRORS,
  NewTemplateBody,
  putTemplate,
  readTemplate,
  TEMPLATE_ERRORS,
  TemplateBody,
  templateNameOf,
  TemplateParams,
  type EmailTemplate,
  type TemplateName,
} from '../email/templates.js';

export function emailTemplateRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The token is checked before the request is validated (a caller without the scope learns
    // nothing about the body or the name), so in the route's first hook.
    const callers = new WeakMap<FastifyRequest, string>();
    const actor = (request: FastifyRequest) => callers.get(request)!;
    const route = <S extends object>(
      scope: ManagementScope,
      schema: S,
      table: SchemaErrorTable,
      emptyBody = false,
    ) => ({
      schema,
      schemaErrorFormatter: schemaErrors(table),
      preValidation: [
        async (request: FastifyRequest) => {
          callers.set(request, (await authorizeManagement(ctx, request, scope)).client.client_id);
        },
        // POST reads an absent body as one without a name; PUT and PATCH refuse it as not an object.
        ...(emptyBody ? [emptyBodyAsObject] : []),
      ],
    });
    /** Reads the body over `current` (none: a new template), stores the template and audits it. */
    const save = async (
      request: FastifyRequest,
      name: TemplateName,
      body: TemplateBody,
      current: EmailTemplate | null,
    ) => {
      const t = readTemplate(name, body, current);
      await putTemplate(ctx.store, t);
      request.log.info(
        { audit: 'email_template.saved', actor: actor(request), template: name, enabled: t.enabled },
        'email template saved',
      );
      return t;
    };

    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.post(
      '/api/v2/email-templates',
      route('create:email_templates', { body: NewTemplateBody }, NEW_TEMPLATE_ERRORS, true),
      async (request, reply) => {
        const name = templateNameOf(request.body.template);
        if (await getTemplate(ctx.store, name, ctx.now())) {
          throw conflict(`The template ${name} exists; change it with PATCH or PUT.`);
        }
        return reply.code(201).send(await save(request, name, request.body, null));
      },
    );

    app.get(
      '/api/v2/email-templates/:templateName',
      route('read:email_templates', { params: TemplateParams }, TEMPLATE_ERRORS),
      async (request) => {
        const name = request.params.templateName;
        const t = await getTemplate(ctx.store, name, ctx.now());
        if (!t) throw notFound(`The template ${name} is not set; the built-in email is sent.`);
        return t;
      },
    );

    app.put(
      '/api/v2/email-templates/:templateName',
      route('update:email_templates', { params: TemplateParams, body: TemplateBody }, TEMPLATE_ERRORS),
      async (request) => save(request, request.params.templateName, request.body, null),
    );

    app.patch(
      '/api/v2/email-templates/:templateName',
      route('update:email_templates', { params: TemplateParams, body: TemplateBody }, TEMPLATE_ERRORS),
      async (request) => {
        const name = request.params.templateName;
        const current = await getTemplate(ctx.store, name, ctx.now());
        if (!current) throw notFound(`The template ${name} is not set; create it with PUT or POST.`);
        return save(request, name, request.body, current);
      },
    );
  };
}
