import { startTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/client';

/** Who sees identifiers unmasked is a setting of the installation (IDENTIFIER_VIEW_ROLES). */
describe('identifier masking is configurable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ IDENTIFIER_VIEW_ROLES: 'operator,supervisor' });
  });
  afterAll(async () => t.close());

  it('shows operators full numbers and masks them for case workers when configured so', async () => {
    const operator = await signedIn(t.baseUrl, 'operator.almaty@mayak.test');
    const caseWorker = await signedIn(t.baseUrl, 'caseworker.almaty@mayak.test');
    const me = await operator.api.GET('/api/v1/auth/me');
    expect(me.data!.user.permissions).toContain('identifiers.view');
    const contact = await operator.api.POST('/api/v1/contacts', { body: { channel: 'voice', phone: '8 701 234 56 78' } });
    expect(contact.data).toMatchObject({ phone: '+77012345678', masked: false });
    const c = await caseWorker.api.POST('/api/v1/cases', { body: { type: 'other' } });
    await operator.api.POST('/api/v1/contacts/{id}/case', {
      params: { path: { id: contact.data!.id } },
      body: { version: contact.data!.version, caseId: c.data!.id },
    });
    const timeline = await caseWorker.api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id: c.data!.id } } });
    expect(timeline.data!.items.find((e) => e.kind === 'contact_linked')!.contact!.phone).toBe('+7 701 ••• •• 78');
  });
});
