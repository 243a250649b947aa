import {
  CASE_TRANSFER_STATUSES,
  allowedNextTransferStatuses,
  checkTransferAnswer,
  checkTransferRequest,
  isTransferPending,
  mayAnswerTransfer,
  mayRequestTransfer,
  type CaseTransferStatus,
  type TransferActor,
  type TransferAnswer,
} from './case-transfer';

const ALMATY = 'office-almaty';
const ASTANA = 'office-astana';
const SHYMKENT = 'office-shymkent';
const actor = (userId: string, roles: TransferActor['roles'], officeIds: string[]): TransferActor => ({ userId, roles, officeIds });
const almatyWorker = actor('w-ala', ['case_worker'], [ALMATY]);
const almatySupervisor = actor('s-ala', ['supervisor'], [ALMATY]);
const almatyOperator = actor('o-ala', ['operator'], [ALMATY]);
const astanaSupervisor = actor('s-ast', ['supervisor'], [ASTANA]);
const astanaWorker = actor('w-ast', ['case_worker'], [ASTANA]);
const bothSupervisor = actor('s-both', ['supervisor'], [ALMATY, ASTANA]);
const transfer = { fromOfficeId: ALMATY, toOfficeId: ASTANA, requestedById: almatyWorker.userId };

describe('case transfer status machine', () => {
  it('allows exactly pending -> accepted | declined | withdrawn, checked over every pair', () => {
    const answers: TransferAnswer[] = ['accepted', 'declined', 'withdrawn'];
    for (const from of CASE_TRANSFER_STATUSES) {
      for (const to of answers) {
        // The actor allowed to make each move, so only the machine can refuse it.
        const who = to === 'withdrawn' ? almatyWorker : astanaSupervisor;
        const result = checkTransferAnswer({ actor: who, from, to, ...transfer, reason: 'Нет мест у кейс-менеджеров' });
        expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: from === 'pending' });
        if (!result.ok) expect(result).toMatchObject({ problem: 'illegal_transition', allowed: [] });
      }
    }
    expect(allowedNextTransferStatuses('pending')).toEqual(['accepted', 'declined', 'withdrawn']);
    expect(CASE_TRANSFER_STATUSES.filter(isTransferPending)).toEqual(['pending']);
  });

  it('lets only a supervisor of the receiving office accept or decline', () => {
    for (const to of ['accepted', 'declined'] as const) {
      expect(mayAnswerTransfer(astanaSupervisor, to, transfer)).toBe(true);
      expect(mayAnswerTransfer(bothSupervisor, to, transfer)).toBe(true);
      // The sending office, a case worker of the receiving office, another office's supervisor: no.
      expect(mayAnswerTransfer(almatySupervisor, to, transfer)).toBe(false);
      expect(mayAnswerTransfer(almatyWorker, to, transfer)).toBe(false);
      expect(mayAnswerTransfer(astanaWorker, to, transfer)).toBe(false);
      expect(mayAnswerTransfer(actor('s-shy', ['supervisor'], [SHYMKENT]), to, transfer)).toBe(false);
    }
    const refused = checkTransferAnswer({ actor: almatySupervisor, from: 'pending', to: 'accepted', ...transfer });
    expect(refused).toEqual({ ok: false, problem: 'not_allowed', allowed: ['accepted', 'declined', 'withdrawn'] });
  });

  it('lets the requester or a supervisor of the sending office withdraw, nobody at the receiving end', () => {
    expect(mayAnswerTransfer(almatyWorker, 'withdrawn', transfer)).toBe(true);
    expect(mayAnswerTransfer(almatySupervisor, 'withdrawn', transfer)).toBe(true);
    expect(mayAnswerTransfer(actor('w-ala-2', ['case_worker'], [ALMATY]), 'withdrawn', transfer)).toBe(false);
    expect(mayAnswerTransfer(astanaSupervisor, 'withdrawn', transfer)).toBe(false);
  });

  it('needs a reason to decline', () => {
    expect(checkTransferAnswer({ actor: astanaSupervisor, from: 'pending', to: 'declined', ...transfer, reason: '  ' })).toMatchObject({
      ok: false,
      problem: 'reason_required',
    });
    expect(checkTransferAnswer({ actor: astanaSupervisor, from: 'pending', to: 'declined', ...transfer })).toMatchObject({
      ok: false,
      problem: 'reason_required',
    });
    expect(checkTransferAnswer({ actor: astanaSupervisor, from: 'pending', to: 'declined', ...transfer, reason: 'Клиентка осталась в Алматы' })).toEqual({
      ok: true,
    });
    expect(checkTransferAnswer({ actor: astanaSupervisor, from: 'pending', to: 'accepted', ...transfer })).toEqual({ ok: true });
  });
});

describe('requesting a transfer', () => {
  const base = { caseOfficeId: ALMATY, toOfficeId: ASTANA, caseClosed: false, worksOnCase: true, pendingExists: false, reason: 'Клиентка переехала в Астану' };

  it('is for a supervisor of the case’s office, or a case worker there who works on the case', () => {
    expect(mayRequestTransfer(almatySupervisor, ALMATY, false)).toBe(true);
    expect(mayRequestTransfer(almatyWorker, ALMATY, true)).toBe(true);
    expect(mayRequestTransfer(almatyWorker, ALMATY, false)).toBe(false);
    expect(mayRequestTransfer(almatyOperator, ALMATY, true)).toBe(false);
    // Shared with someone of another office: they work on it, but it is not theirs to send away.
    expect(mayRequestTransfer(astanaWorker, ALMATY, true)).toBe(false);
    expect(mayRequestTransfer(astanaSupervisor, ALMATY, true)).toBe(false);
  });

  it('refuses a closed case, the same office, no reason and a second pending request, in that order', () => {
    expect(checkTransferRequest({ ...base, actor: almatyWorker })).toEqual({ ok: true });
    expect(checkTransferRequest({ ...base, actor: almatyOperator })).toEqual({ ok: false, problem: 'not_allowed' });
    expect(checkTransferRequest({ ...base, actor: almatyWorker, caseClosed: true, toOfficeId: ALMATY })).toEqual({ ok: false, problem: 'case_closed' });
    expect(checkTransferRequest({ ...base, actor: almatyWorker, toOfficeId: ALMATY })).toEqual({ ok: false, problem: 'same_office' });
    expect(checkTransferRequest({ ...base, actor: almatyWorker, reason: ' ok ' })).toEqual({ ok: false, problem: 'reason_required' });
    expect(checkTransferRequest({ ...base, actor: almatyWorker, reason: 'x'.repeat(2001) })).toEqual({ ok: false, problem: 'reason_required' });
    expect(checkTransferRequest({ ...base, actor: almatyWorker, pendingExists: true })).toEqual({ ok: false, problem: 'transfer_pending' });
  });

  it('covers every status in the table', () => {
    const statuses: CaseTransferStatus[] = [...CASE_TRANSFER_STATUSES];
    for (const s of statuses) expect(Array.isArray(allowedNextTransferStatuses(s))).toBe(true);
  });
});
