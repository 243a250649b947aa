import { ApiError } from '@web/modules/api/errors';
import { ACCEPT, fileCheck, fileProblemKey, uploadOf } from './case-attachments';

const refusal = (code: string, status = 400) => new ApiError(status, { type: 'about:blank', title: code, status, code } as never);

describe('adding a file to a case', () => {
  it('offers the kept types by type and by extension', () => {
    expect(ACCEPT.split(',')).toEqual(['application/pdf', 'image/jpeg', 'image/png', 'image/webp', '.pdf', '.jpg', '.jpeg', '.png', '.webp']);
  });

  it('needs a file, no larger than the limit once the limit is known', () => {
    expect(fileCheck(null, 100)).toBe('missing');
    expect(fileCheck({ size: 101 }, 100)).toBe('tooLarge');
    expect(fileCheck({ size: 100 }, 100)).toBeNull();
    expect(fileCheck({ size: 10 ** 9 }, null)).toBeNull();
  });

  it('shows refusals of the file itself beside the file field, and no others', () => {
    expect(fileProblemKey(refusal('payload_too_large', 413))).toBe('caseAttachments.tooLarge');
    expect(fileProblemKey(refusal('unsupported_media_type', 415))).toBe('caseAttachments.typeNotAllowed');
    expect(fileProblemKey(refusal('file_rejected'))).toBe('caseAttachments.rejected');
    expect(fileProblemKey(refusal('forbidden', 403))).toBeUndefined();
    expect(fileProblemKey(new Error('network'))).toBeUndefined();
    expect(fileProblemKey(null)).toBeUndefined();
  });

  it('sends the description trimmed, and none when it is blank', () => {
    const file = { name: 'passport.pdf', size: 10 } as File;
    expect(uploadOf({ file, category: 'identity_document', description: '  front page ' })).toEqual({
      file,
      category: 'identity_document',
      description: 'front page',
    });
    expect(uploadOf({ file, category: 'other', description: '  ' })).toEqual({ file, category: 'other', description: undefined });
  });

  it('sends nothing without a file or a category', () => {
    expect(uploadOf({ file: null, category: 'other', description: '' })).toBeNull();
    expect(uploadOf({ file: { name: 'a.pdf' } as File, category: '', description: '' })).toBeNull();
  });
});
