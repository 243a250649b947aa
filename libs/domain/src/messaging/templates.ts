/** A Twilio Content API template's id. */
export const CONTENT_SID = /^HX[0-9a-f]{32}$/;

/** The numbered placeholders a template's text uses ({{1}}, {{2}}…), in order, each once. */
export function templatePlaceholders(body: string): number[] {
  const found = new Set<number>();
  for (const match of body.matchAll(/\{\{\s*(\d{1,2})\s*\}\}/g)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** Whether the placeholders run 1, 2, … without gaps (WhatsApp refuses templates that do not). */
export function placeholdersAreSequential(body: string): boolean {
  return templatePlaceholders(body).every((n, i) => n === i + 1);
}

/** The text a person receives: each {{n}} replaced by the n-th value. */
export function renderTemplate(body: string, values: readonly string[]): string {
  return body.replace(/\{\{\s*(\d{1,2})\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

/** The longest value of one placeholder (the API's `SendTemplateDto.variables`). */
export const TEMPLATE_VALUE_MAX = 200;
