import type { FastifyServerOptions } from 'fastify';

// 18-character ID numbers and 11-digit mobiles anywhere in a logged string are masked.
const idRe = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
const phoneRe = /\b(1[3-9]\d)\d{4}(\d{4})\b/g;

export function scrub(text: string): string {
  return text.replace(idRe, '$1********$2').replace(phoneRe, '$1****$2');
}

/** pino options: redact credentials and personal fields wherever they appear (conventions.md, habit 11). */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.idNumber',
        '*.phone',
        '*.name',
        '*.token',
        '*.secret',
      ],
      censor: '[已脱敏]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: unknown }) {
        return { method: req.method, url: scrub(req.url), ip: req.ip, reqId: req.id };
      },
    },
  };
}
