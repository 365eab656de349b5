// An integrator's TypeScript, against a running sandbox (KHIDMA_SANDBOX), with the clients
// generated from Khidma's contracts by openapi-generator's typescript-fetch. An integrator would
// publish each generated client as a package; here they are imported from where the build
// generates them. Run by TypeScriptClientTest: node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as identity from '../../../target/generated-typescript/identity';
import * as catalogue from '../../../target/generated-typescript/catalogue';
import * as payments from '../../../target/generated-typescript/payments';
import * as opendata from '../../../target/generated-typescript/opendata';

const origin = (process.env.KHIDMA_SANDBOX ?? 'http://localhost:8080').replace(/\/$/, '');

/** The roads authority's token: client credentials, the secret in the form (client_secret_post). */
async function agencyToken(scope: string): Promise<string> {
  const api = new identity.IdentityApi(new identity.Configuration({ basePath: `${origin}/identity` }));
  const tokens = await api.token({
    grantType: identity.TokenGrantTypeEnum.ClientCredentials,
    scope,
    clientId: 'rta-portal',
    clientSecret: 'rta-portal-sandbox-secret',
  });
  assert.equal(tokens.tokenType.toLowerCase(), 'bearer');
  return tokens.accessToken;
}

async function renewal(): Promise<catalogue.PublicService> {
  const services = new catalogue.ServicesApi(new catalogue.Configuration({ basePath: origin }));
  // Arabic, as a citizen types it.
  const page = await services.searchServices({ q: 'تجديد ملكية مركبة', acceptLanguage: 'ar' });
  const found = page.items.find((service) => service.code === 'RTA-VEH-RENEW');
  if (!found) {
    throw new Error(`no RTA-VEH-RENEW among ${page.items.map((s) => s.code).join(', ')}`);
  }
  return found;
}

test('an agency token comes from client_secret_post', async () => {
  const token = await agencyToken('payments:write');
  assert.equal(token.split('.').length, 3, 'a signed JWT');
});

test('an Arabic search finds the vehicle registration renewal', async () => {
  const service = await renewal();
  assert.equal(service.agencyId, 'rta');
  assert.ok((service.title.ar ?? '').length > 0, 'an Arabic title');
});

test('a payment is created and read back', async () => {
  const service = await renewal();
  const api = new payments.PaymentsApi(
    new payments.Configuration({ basePath: origin, accessToken: await agencyToken('payments:write') }),
  );
  const reference = `TS-${Date.now()}`;
  const created = await api.createPayment({
    newPayment: {
      reference,
      returnUrl: 'http://127.0.0.1:3000/paid',
      lineItems: [{ serviceId: service.id!, feeCode: 'RENEW' }, { serviceId: service.id!, feeCode: 'KNOWLEDGE' }],
    },
    idempotencyKey: `ts-${reference}`,
  });
  assert.equal(created.status, payments.PaymentStatus.Created);
  assert.ok(created.nextUrl, 'the hosted page to send the citizen to');

  const read = await api.getPayment({ id: created.id });
  assert.equal(read.id, created.id);
  assert.equal(read.reference, reference);
  assert.equal(read.amount, created.amount);
  assert.equal(read.lineItems.length, 2);
});

test("a day's settlement report is read by its date", async () => {
  const api = new payments.ReportsApi(
    new payments.Configuration({ basePath: origin, accessToken: await agencyToken('payments:read') }),
  );
  // A date is a calendar day: the client sends it as 2026-01-15, not as an instant.
  const report = await api.getSettlementReport({ date: new Date('2026-01-15') });
  assert.equal(report.date.toISOString().slice(0, 10), '2026-01-15');
  assert.equal(report.timeZone, 'Asia/Dubai');
  assert.ok(report.rows.every((row) => row.agencyId === 'rta'), 'an agency sees only its own rows');
});

test('rows of a published dataset are queried', async () => {
  const config = new opendata.Configuration({ basePath: origin });
  const datasets = await new opendata.DatasetsApi(config).listDatasets({ q: 'kiosks' });
  const kiosks = datasets.items.find((dataset) => dataset.name === 'self-service-kiosks-by-location-synthetic');
  if (!kiosks) {
    throw new Error(`no kiosks dataset among ${datasets.items.map((d) => d.name).join(', ')}`);
  }
  const rows = await new opendata.RowsApi(config).queryRows({ id: kiosks.id, filter: ['emirate:eq:Dubai'], limit: 3 });
  assert.equal(rows.items.length, 3);
  assert.ok(rows.items.every((row) => row['emirate'] === 'Dubai'));
  assert.equal(rows.version, kiosks.latestVersion);
  assert.ok(rows.next, 'a cursor to the next page');
});

test('a problem document surfaces as a typed error', async () => {
  const api = new payments.PaymentsApi(
    new payments.Configuration({ basePath: origin, accessToken: await agencyToken('payments:read') }),
  );
  try {
    await api.getPayment({ id: randomUUID() });
    assert.fail('a payment that does not exist was found');
  } catch (error: unknown) {
    if (!(error instanceof payments.ResponseError)) {
      throw error;
    }
    assert.equal(error.response.headers.get('content-type'), 'application/problem+json');
    const problem: payments.Problem = payments.ProblemFromJSON(await error.response.json());
    assert.equal(problem.status, 404);
    assert.match(problem.type, /^https:\/\//);
    assert.ok(problem.title.length > 0);
  }
});
