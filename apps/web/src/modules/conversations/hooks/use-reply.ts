import type { ConversationMessageDto } from '@mayak/api-client';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkReply, insertAtSelection, isRefusedMessage } from '../components/reply';
import { MESSAGE_MAX_LENGTH, useSendMessage } from './use-conversations';

/**
 * The reply box of a conversation: what is typed and its error, sending (a message the
 * channel refused is kept to say so), and the quick replies, template and file dialogs,
 * which give the focus back to the box when they close.
 */
export function useReply(conversationId: string) {
  const { t } = useTranslation();
  const send = useSendMessage(conversationId);
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [refused, setRefused] = useState<ConversationMessageDto | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const [picking, setPicking] = useState(false);
  const [templating, setTemplating] = useState(false);
  const [sendingFile, setSendingFile] = useState(false);

  const change = (value: string) => {
    setBody(value);
    setBodyError(null);
  };

  // A quick reply goes where the cursor was (replacing a selection), and the cursor after it.
  const insertQuickReply = (text: string) => {
    const box = replyBox.current;
    const { next, caret } = insertAtSelection(body, text, box?.selectionStart ?? body.length, box?.selectionEnd ?? body.length, MESSAGE_MAX_LENGTH);
    change(next);
    setPicking(false);
    requestAnimationFrame(() => {
      replyBox.current?.focus();
      replyBox.current?.setSelectionRange(caret, caret);
    });
  };

  const submit = () => {
    const checked = checkReply(body, MESSAGE_MAX_LENGTH);
    if (checked.problem) {
      setBodyError(t(checked.problem));
      return;
    }
    setBodyError(null);
    setRefused(null);
    send.mutate(checked.text, {
      onSuccess: (message) => {
        setBody('');
        if (isRefusedMessage(message)) setRefused(message);
      },
    });
  };

  const focusBox = () => replyBox.current?.focus();
  return {
    body,
    bodyError,
    change,
    submit,
    send,
    replyBox,
    refused,
    dismissRefused: () => setRefused(null),
    /** A file sent from its dialog that the channel refused is said like a refused reply. */
    noteSent: (message: ConversationMessageDto) => {
      if (isRefusedMessage(message)) setRefused(message);
    },
    picking,
    openPicker: () => setPicking(true),
    closePicker: () => {
      setPicking(false);
      focusBox();
    },
    insertQuickReply,
    templating,
    openTemplates: () => setTemplating(true),
    closeTemplates: () => setTemplating(false),
    sendingFile,
    openSendFile: () => setSendingFile(true),
    closeSendFile: () => {
      setSendingFile(false);
      focusBox();
    },
  };
}

/** The newest message is at the bottom: keep it in view when it changes (not when older pages load above). */
export function useScrollToNewest(newestId: string | undefined) {
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = viewport.current;
    if (el) el.scrollTo({ top: el.scrollHeight });
  }, [newestId]);
  return viewport;
}
