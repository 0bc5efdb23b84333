/**
 * `argon2`: time of one password verification with the project's hashing parameters (hashPassword /
 * verifyPassword of apps/server/src/platform/auth/password.ts), i.e. the work a login costs.
 *
 * Baseline: verifying the same password against a stored SHA-256 digest (hash + constant-time compare),
 * to show the work factor. (@node-rs/argon2 2.2.1's own defaults are m=19456 KiB, t=2, p=1, argon2id —
 * the same as the project's — so "library defaults" would be a ratio of 1 and show nothing; the bench
 * still checks and reports on stderr whether the two still agree.)
 */
import crypto from 'node:crypto';
import { hash, parseOptions, type ParsedHashOptions } from '@node-rs/argon2';
import { hashPassword, verifyPassword } from '../apps/server/src/platform/auth/password';
import { demoPassword } from '../apps/server/src/demo/accounts';
import { dec, figure, log, median, percentile, sig, type Figure } from './lib';

const bench = 'argon2';
const samples = 30;
const warmup = 3;
/** SHA-256 of a short password takes about a microsecond: each baseline sample times a batch. */
const shaBatch = 20_000;

const algorithmNames = ['argon2d', 'argon2i', 'argon2id'] as const;

function describe(p: ParsedHashOptions): string {
  const algorithm = algorithmNames[p.algorithm as number] ?? `algorithm ${p.algorithm as number}`;
  return `${algorithm} m=${p.memoryCost}KiB t=${p.timeCost} p=${p.parallelism}`;
}

async function argon2Samples(password: string): Promise<{ sorted: number[]; params: string }> {
  const stored = await hashPassword(password);
  const params = describe(parseOptions(stored));
  const libDefaults = describe(parseOptions(await hash(password)));
  log(
    `项目参数：${params}；@node-rs/argon2 默认参数：${libDefaults}${params === libDefaults ? '（相同）' : '（不同）'}`,
  );

  for (let i = 0; i < warmup; i += 1) await verifyPassword(stored, password);
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const t0 = performance.now();
    const ok = await verifyPassword(stored, password);
    times.push(performance.now() - t0);
    if (!ok) throw new Error('verifyPassword 未能验证刚生成的哈希');
  }
  return { sorted: times.sort((a, b) => a - b), params };
}

function sha256Samples(password: string): number[] {
  const stored = crypto.createHash('sha256').update(password).digest();
  const verifyOnce = () => crypto.timingSafeEqual(crypto.createHash('sha256').update(password).digest(), stored);
  for (let i = 0; i < shaBatch; i += 1) verifyOnce();
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    let matched = 0;
    const t0 = performance.now();
    for (let j = 0; j < shaBatch; j += 1) if (verifyOnce()) matched += 1;
    times.push((performance.now() - t0) / shaBatch);
    if (matched !== shaBatch) throw new Error('SHA-256 基线校验失败');
  }
  return times.sort((a, b) => a - b);
}

export async function* run(): AsyncIterable<Figure> {
  log(`argon2id 校验：${samples} 次（另预热 ${warmup} 次）…`);
  const argon = await argon2Samples(demoPassword);
  log(`argon2id 校验：中位数 ${dec(median(argon.sorted))} ms，p95 ${dec(percentile(argon.sorted, 95))} ms`);
  log(`SHA-256 基线：${samples} 组 × ${shaBatch} 次…`);
  const sha = sha256Samples(demoPassword);
  const common = {
    bench,
    baseline: 'sha256_verify',
    samples,
    params: argon.params,
    baseline_params: `sha256 + timingSafeEqual, mean of ${shaBatch} per sample`,
  } as const;
  yield figure({
    ...common,
    figure: 'verify_median',
    value: sig(median(argon.sorted)),
    unit: 'ms',
    baseline_value: sig(median(sha)),
  });
  yield figure({
    ...common,
    figure: 'verify_p95',
    value: sig(percentile(argon.sorted, 95)),
    unit: 'ms',
    baseline_value: sig(percentile(sha, 95)),
  });
}
