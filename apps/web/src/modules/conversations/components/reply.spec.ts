import { checkReply, insertAtSelection, isRefusedMessage, replyAccess } from './reply';

describe('the reply box', () => {
  it('calls failed and undelivered messages refused', () => {
    expect(['failed', 'undelivered', 'sent', 'queued', 'delivered'].map((status) => isRefusedMessage({ status }))).toEqual([true, true, false, false, false]);
  });

  it('puts a quick reply at the cursor, replacing the selection, with the cursor after it', () => {
    expect(insertAtSelection('Hello world', 'dear ', 6, 6, 1000)).toEqual({ next: 'Hello dear world', caret: 11 });
    expect(insertAtSelection('Hello world', 'there', 6, 11, 1000)).toEqual({ next: 'Hello there', caret: 11 });
    expect(insertAtSelection('', 'Hi', 0, 0, 1000)).toEqual({ next: 'Hi', caret: 2 });
  });

  it('cuts the reply at the limit and keeps the cursor inside it', () => {
    expect(insertAtSelection('abcdef', 'XYZ', 3, 3, 5)).toEqual({ next: 'abcXY', caret: 5 });
  });

  it('sends the reply trimmed, and refuses an empty or too long one', () => {
    expect(checkReply('  hi  ', 10)).toEqual({ text: 'hi', problem: null });
    expect(checkReply('   ', 10)).toEqual({ text: null, problem: 'fieldErrors.required' });
    expect(checkReply(' 12345678901 ', 10)).toEqual({ text: null, problem: 'fieldErrors.maxLength' });
    expect(checkReply(' 1234567890 ', 10)).toEqual({ text: '1234567890', problem: null });
  });

  describe('who may reply', () => {
    const open = { kind: 'open' as const, closesAt: null };
    const me = { id: 'u1', displayName: 'Me' };
    const colleague = { id: 'u2', displayName: 'Colleague' };

    it('lets me reply to a conversation nobody holds, or I hold', () => {
      expect(replyAccess({ conversation: { replyWindow: open, holder: null }, doNotContact: false, userId: 'u1', supervises: false })).toEqual({
        windowClosed: false,
        heldByOther: false,
        blocked: false,
      });
      expect(replyAccess({ conversation: { replyWindow: open, holder: me }, doNotContact: false, userId: 'u1', supervises: false }).blocked).toBe(false);
    });

    it("blocks a colleague's conversation, except for supervisors", () => {
      expect(replyAccess({ conversation: { replyWindow: open, holder: colleague }, doNotContact: false, userId: 'u1', supervises: false })).toEqual({
        windowClosed: false,
        heldByOther: true,
        blocked: true,
      });
      expect(replyAccess({ conversation: { replyWindow: open, holder: colleague }, doNotContact: false, userId: 'u1', supervises: true }).blocked).toBe(false);
    });

    it('blocks a number not to be contacted, and a closed WhatsApp window', () => {
      expect(replyAccess({ conversation: { replyWindow: open, holder: null }, doNotContact: true, userId: 'u1', supervises: true }).blocked).toBe(true);
      expect(
        replyAccess({
          conversation: { replyWindow: { kind: 'templates_only' as const, closesAt: null }, holder: null },
          doNotContact: false,
          userId: 'u1',
          supervises: false,
        }),
      ).toEqual({ windowClosed: true, heldByOther: false, blocked: true });
    });
  });
});
