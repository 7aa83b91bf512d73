/**
 * Auth0's bulk user import as a Management API job: `POST /api/v2/jobs/users-imports` (multipart:
 * the `users` file, `connection_id`, `upsert`, `external_id`) answers the pending job at once and
 * imports after answering; `GET /api/v2/jobs/{id}` tells its status and summary, and
 * `GET /api/v2/jobs/{id}/errors` the users that were not imported. Jobs are store records, so any
 * API process answers for a job another one runs. The file is read as ../user-import.ts reads it.
 */
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Connection } from '../../protocol/index.js';
import type { AppContext } from '../context.js';
import { ApiError, invalidBody, notFound } from '../errors.js';
import { authorizeManagement } from '../management-auth.js';
import { validated } from '../request-schema.js';
import { generateId } from '../secrets.js';
import { importUsers, ImportFileError, parseUsersFile, type ImportSummary } from '../user-import.js';

const JOB_KIND = 'job';
/** A job and its outcome are kept for a day, as Auth0 keeps its job results. */
const JOB_TTL_MS = 24 * 3600_000;
/** Auth0's size limit for one import file. */
export const IMPORT_FILE_LIMIT = 500 * 1024;

interface Job {
  type: 'users_import';
  status: 'pending' | 'completed' | 'failed';
  id: string;
  connection_id: string;
  connection: Connection;
  created_at: string;
  external_id?: string;
  upsert: boolean;
  status_details?: string;
  summary?: Omit<ImportSummary, 'errors'>;
  /** Kept for /errors; not part of the job's answer. */
  errors?: ImportSummary['errors'];
}

const publicJob = ({ errors: _errors, ...job }: Job) => job;

/** The job's id in the path (a string by construction; the schema gives the handlers its type). */
const byId = validated({ params: Type.Object({ id: Type.String() }) }, { fields: [] });

export function jobRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(multipart, { limits: { fileSize: IMPORT_FILE_LIMIT, files: 1, fields: 10 } });
    const save = (job: Job) => ctx.store.putRecord(JOB_KIND, job.id, JSON.stringify(job), ctx.now() + JOB_TTL_MS);
    const load = async (id: string) => {
      const raw = await ctx.store.getRecord(JOB_KIND, id, ctx.now());
      if (!raw) throw notFound('The job does not exist.');
      return JSON.parse(raw) as Job;
    };

    app.post('/api/v2/jobs/users-imports', async (request, reply) => {
      const { client } = await authorizeManagement(ctx, request, 'create:users');
      if (!request.isMultipart()) {
        throw invalidBody('Send multipart/form-data with the users file, connection_id and upsert.');
      }
      let text: string | null = null;
      const fields: Record<string, string> = {};
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.fieldname === 'users') text = data.toString('utf8');
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (err) {
        if (err instanceof app.multipartErrors.RequestFileTooLargeError) {
          throw new ApiError(413, 'payload_too_large', `The users file is larger than ${IMPORT_FILE_LIMIT / 1024} KB.`);
        }
        // Anything else the multipart parser refuses (a missing boundary, a cut-off or malformed
        // part, too many parts) is the request's fault, never the server's.
        throw invalidBody(`The multipart body could not be read: ${(err as Error).message}.`);
      }
      const connection = fields.connection_id;
      if (connection !== 'email' && connection !== 'sms') {
        throw invalidBody('connection_id must be the connection to import into: "email" or "sms".');
      }
      if (fields.upsert !== undefined && fields.upsert !== 'true' && fields.upsert !== 'false') {
        throw invalidBody('upsert must be true or false.');
      }
      if (text === null) throw invalidBody('users (the file to import) is required.');
      if (!ctx.store.importUsers) {
        throw invalidBody('The configured store cannot import users (PostgreSQL and SQLite can).');
      }
      const job: Job = {
        type: 'users_import',
        status: 'pending',
        id: `job_${generateId().slice(0, 16)}`,
        connection_id: connection,
        connection,
        created_at: new Date(ctx.now()).toISOString(),
        ...(fields.external_id ? { external_id: fields.external_id } : {}),
        upsert: fields.upsert === 'true',
      };
      await save(job);
      request.log.info({ audit: 'users.import', actor: client.client_id, job: job.id }, 'users import job created');
      const file = text;
      // The import runs after the answer, as a job: the caller polls GET /api/v2/jobs/{id}.
      reply.raw.once('finish', () => {
        void run(job, file).catch((err: unknown) => request.log.error({ err, job: job.id }, 'users import job failed'));
      });
      return reply.code(202).send(publicJob(job));
    });

    async function run(job: Job, text: string): Promise<void> {
      let done: Job;
      try {
        const users = parseUsersFile(ctx.config, text, ctx.now(), job.connection);
        const { errors, ...summary } = await importUsers(ctx.store, users, job.upsert);
        done = { ...job, status: 'completed', summary, errors };
      } catch (err) {
        if (!(err instanceof ImportFileError)) {
          await save({
            ...job,
            status: 'failed',
            status_details: 'The store failed during the import; nothing was imported.',
          });
          throw err;
        }
        done = { ...job, status: 'failed', status_details: `Nothing was imported: ${err.message}` };
      }
      await save(done);
    }

    app.get('/api/v2/jobs/:id', byId, async (request) => {
      await authorizeManagement(ctx, request, 'read:users');
      return publicJob(await load(request.params.id));
    });

    app.get('/api/v2/jobs/:id/errors', byId, async (request) => {
      await authorizeManagement(ctx, request, 'read:users');
      const job = await load(request.params.id);
      return (job.errors ?? []).map((e) => ({
        user: { user_id: e.user_id, line: e.line },
        errors: [{ code: e.code, message: e.message, path: 'user_id' }],
      }));
    });
  };
}
