import type { UsageEvent } from './types.js';
import { usageEventView } from './views.js';

export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportMediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** One exported event: the API's view with both times also in ISO 8601 UTC, for spreadsheets. */
export function exportRecord(event: UsageEvent) {
  const { requestId, startedAtMs, createdAtMs, ...rest } = usageEventView(event);
  return { requestId, startedAt: new Date(startedAtMs).toISOString(), startedAtMs, createdAt: new Date(createdAtMs).toISOString(), createdAtMs, ...rest };
}

export type ExportRecord = ReturnType<typeof exportRecord>;

export const exportColumns: readonly (keyof ExportRecord)[] = [
  'requestId', 'startedAt', 'startedAtMs', 'createdAt', 'createdAtMs', 'customerId', 'keyId', 'model', 'endpoint', 'upstreamId',
  'upstreamModel', 'stream', 'outcome', 'httpStatus', 'promptTokens', 'cachedPromptTokens', 'completionTokens', 'reasoningTokens',
  'estimated', 'currency', 'revenue', 'costCurrency', 'cost', 'priceId', 'costCardId', 'idempotencyKey', 'latencyMs', 'firstByteMs',
];

/** What a file starts with: the CSV header row, or nothing for JSON lines. */
export function exportPreamble(format: ExportFormat): string {
  return format === 'csv' ? csvLine(exportColumns) : '';
}

export function exportChunk(events: readonly UsageEvent[], format: ExportFormat): string {
  if (format === 'jsonl') return events.map((e) => JSON.stringify(exportRecord(e)) + '\n').join('');
  return events.map((e) => {
    const record = exportRecord(e);
    return csvLine(exportColumns.map((column) => record[column]));
  }).join('');
}

/** RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted, its quotes doubled. Null is an empty field. */
function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole export as text pieces, one per chunk, so a reply can stream it without holding the file. */
export async function* exportText(chunks: AsyncIterable<readonly UsageEvent[]>, format: ExportFormat): AsyncGenerator<string> {
  const preamble = exportPreamble(format);
  if (preamble) yield preamble;
  for await (const events of chunks) yield exportChunk(events, format);
}
