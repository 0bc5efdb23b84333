import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplateDir: string;
  }
}

/**
 * Loads the demo once per run: a server starts on a fresh data directory (as `npm start` does), stops cleanly, and
 * every test file's server then starts on a copy of that directory instead of loading the demo again.
 */
export default async function setup(project: TestProject) {
  const server = await startServer({}, { fresh: true, keep: true, timeoutMs: 900_000 });
  await server.stop();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzhi-e2e-template-'));
  fs.cpSync(server.dataDir, dir, { recursive: true });
  fs.rmSync(server.dataDir, { recursive: true, force: true });
  project.provide('e2eTemplateDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
