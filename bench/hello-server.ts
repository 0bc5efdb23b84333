/**
 * Baseline server: bare Fastify (no logger, no plugins) with one JSON hello route, in its own process.
 * Prints {"port":N} on stdout once listening on 127.0.0.1; exits on SIGTERM or when its stdin closes
 * (the parent went away).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));

let closing = false;
function shutdown(): void {
  if (closing) return;
  closing = true;
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();

app.listen({ host: '127.0.0.1', port: 0 }).then(
  () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`[hello-server] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
