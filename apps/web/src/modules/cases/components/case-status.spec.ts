import { closeCaseBody, reopenCaseBody, statusMoveKind, transitionKey } from './case-status';

describe('the case status control', () => {
  it('names a move by what it does: reopening a closed case, otherwise the target status', () => {
    expect(transitionKey('closed', 'open')).toBe('cases.transition.reopen');
    expect(transitionKey('new', 'open')).toBe('cases.transition.open');
    expect(transitionKey('open', 'closed')).toBe('cases.transition.closed');
  });

  it('asks for reasons before closing or reopening, and makes any other move at once', () => {
    expect(statusMoveKind('open', 'closed')).toBe('close');
    expect(statusMoveKind('closed', 'open')).toBe('reopen');
    expect(statusMoveKind('new', 'open')).toBe('direct');
  });

  it('sends the closure note trimmed, and leaves it out when it is blank', () => {
    expect(closeCaseBody(3, { closureReason: 'resolved', closureNote: '  done \n' })).toEqual({
      version: 3,
      status: 'closed',
      closureReason: 'resolved',
      closureNote: 'done',
    });
    expect(closeCaseBody(3, { closureReason: 'resolved', closureNote: '   ' })).toEqual({ version: 3, status: 'closed', closureReason: 'resolved' });
  });

  it('reopens with the reason trimmed', () => {
    expect(reopenCaseBody(7, { reopenReason: ' new facts ' })).toEqual({ version: 7, status: 'open', reopenReason: 'new facts' });
  });
});
