import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@anzhi/contracts/audit';
import type { Role } from '@anzhi/contracts/permissions';
import { Agent, buildTestApp, buildUser, engineUnavailable, type TestApp } from '../../test/harness';

describe.skipIf(engineUnavailable())('GET /api/v1/ledgers/sample.xlsx', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2022-03-15T02:00:00Z') });
  });
  afterAll(async () => t?.close());

  async function signedIn(roles: Role[]) {
    const user = await buildUser(t, { roles });
    const agent = new Agent(t.app);
    expect((await agent.login(user.username, user.password)).statusCode).toBe(200);
    return agent;
  }

  async function exportEvents(agent: Agent): Promise<AuditEvent[]> {
    const res = await agent.get('/api/v1/audit-events?action=ledger.export');
    expect(res.statusCode).toBe(200);
    return res.json<{ items: AuditEvent[] }>().items;
  }

  it('streams the 200-row sample as a real workbook with a UTF-8 file name, and audits the export', async () => {
    const agent = await signedIn(['county_lead']);
    const res = await agent.get('/api/v1/ledgers/sample.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const name = '石城县易地扶贫搬迁后续扶持台账（示例）-2022年3月.xlsx';
    const encoded = encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ledger-sample.xlsx"; filename*=UTF-8''${encoded}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('后续扶持台账');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(ws.getCell('A1').value).toBe('石城县易地扶贫搬迁后续扶持台账（示例）');
    expect(ws.getCell('A2').value).toBe('填报单位：石城县');
    expect(ws.getCell('L2').value).toBe('统计期间：2022年3月');
    expect(ws.getCell('I3').value).toBe('安置情况');
    expect(ws.getCell('I4').value).toBe('安置方式');
    // Rows 5–204: data; 205: 合计; 206: signature (dated from the injected clock).
    expect(ws.getCell('A204').value).toBe(200);
    expect(ws.getCell('E204').value).toBe('测试户主200');
    expect(ws.getCell('D5').value).toMatch(/^360735\d{10}$/);
    expect(ws.getCell('D5').numFmt).toBe('@');
    expect(ws.getCell('F5').value).toMatch(/^360735\*{8}\d{3}[\dX]$/);
    expect(ws.getCell('A205').value).toBe('合计');
    expect(ws.getCell('G205').value).toMatchObject({ formula: 'SUM(G5:G204)' });
    expect(ws.getCell('A206').value).toMatch(/填报日期：2022-03-15$/);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '1:4' });

    const events = await exportEvents(agent);
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(agent.me?.user.id);
    expect(events[0]?.entities[0]).toMatchObject({
      type: 'ledger',
      id: 'sample',
      after: { rows: 200, period: '2022年3月' },
    });
  });

  it('refuses users whose roles do not grant ledger.export (403), and anonymous callers (401)', async () => {
    const cadre = await signedIn(['help_cadre']);
    expect((await cadre.get('/api/v1/ledgers/sample.xlsx')).statusCode).toBe(403);
    expect((await new Agent(t.app).get('/api/v1/ledgers/sample.xlsx')).statusCode).toBe(401);
    const admin = await signedIn(['county_lead']);
    expect(await exportEvents(admin)).toHaveLength(1); // only the export of the first test
  });
});
