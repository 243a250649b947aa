import type { ReactNode } from 'react';
import { Anchor, Box, List, Text, Title } from '@web/modules/ui';

/**
 * Article bodies are Markdown. No Markdown library is installed, so this renders the small
 * subset articles use — headings, paragraphs, bulleted and numbered lists, **bold**,
 * *italics* and [links](https://…) — as React elements from plain text. Nothing is ever
 * inserted as HTML, and only http(s), mailto and tel links become links.
 */
type Block = { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };

function parse(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ...list });
    list = null;
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: (heading[1] ?? '#').length, text: heading[2] ?? '' });
      continue;
    }
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const ordered = !!numbered;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)?.[1] ?? '');
      continue;
    }
    if (list && /^\s{2,}/.test(raw)) {
      list.items[list.items.length - 1] += ` ${line}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line);
  }
  flush();
  return blocks;
}

const SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i;

/** Inline marks: **bold**, *italic* / _italic_, [text](url); everything else is text. */
function inline(text: string, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let match: RegExpExecArray | null;
  let n = 0;
  while ((match = pattern.exec(text))) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const key = `${keyPrefix}-${n++}`;
    if (match[1] !== undefined) out.push(<strong key={key}>{inline(match[1], key)}</strong>);
    else if (match[2] !== undefined || match[3] !== undefined) out.push(<em key={key}>{match[2] ?? match[3]}</em>);
    else if (match[4] !== undefined && match[5] !== undefined) {
      out.push(
        SAFE_URL.test(match[5]) ? (
          <Anchor key={key} href={match[5]} target="_blank" rel="noopener noreferrer">
            {match[4]}
          </Anchor>
        ) : (
          `${match[4]} (${match[5]})`
        ),
      );
    }
    last = pattern.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function MarkdownView({ markdown, headingOffset = 2 }: { markdown: string; headingOffset?: number }) {
  return (
    <Box>
      {parse(markdown).map((block, i) => {
        const key = `b${i}`;
        if (block.kind === 'heading') {
          const order = Math.min(6, block.level + headingOffset - 1) as 1 | 2 | 3 | 4 | 5 | 6;
          return (
            <Title key={key} order={order} size="h5" mt="sm" mb={4}>
              {inline(block.text, key)}
            </Title>
          );
        }
        if (block.kind === 'list') {
          return (
            <List key={key} type={block.ordered ? 'ordered' : 'unordered'} size="sm" spacing={2} mb="sm" withPadding>
              {block.items.map((item, j) => (
                <List.Item key={`${key}-${j}`}>{inline(item, `${key}-${j}`)}</List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={key} size="sm" mb="sm">
            {inline(block.text, key)}
          </Text>
        );
      })}
    </Box>
  );
}
