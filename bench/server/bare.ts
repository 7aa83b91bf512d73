/** The yardstick: a bare Fastify JSON route, no logging, as its own process. PORT from the env. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async (req) => ({ ok: true, echo: (req.body as { email?: string }).email }));
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
