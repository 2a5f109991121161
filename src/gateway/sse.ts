import { StringDecoder } from 'node:string_decoder';
import { type Usage, readUsage } from './usage.js';

export interface RelayOptions {
  /** Drop the usage-only chunk Tollgate asked for on the client's behalf. */
  hideUsageChunk: boolean;
  /** Public model name to show instead of the upstream's, or null to pass `model` through. */
  rewriteModel: string | null;
}

/**
 * Reads an OpenAI SSE stream as it passes through: records usage and the text delivered so far,
 * hides the usage chunk the client did not ask for, renames the model, and holds back
 * `data: [DONE]` so the caller can settle the request before the stream's last bytes leave.
 * Events are forwarded one by one as they complete; nothing waits for the whole stream.
 */
export class SseRelay {
  usage: Usage | null = null;
  sawDone = false;
  sawError = false;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private readonly delivered: string[] = [];

  constructor(private readonly options: RelayOptions) {}

  /** Feeds upstream bytes; returns the text to send to the client now (possibly empty). */
  push(chunk: Buffer): string {
    this.pending += this.decoder.write(chunk);
    if (this.pending.includes('\r')) this.pending = normaliseNewlines(this.pending);
    let out = '';
    let boundary: number;
    while ((boundary = this.pending.indexOf('\n\n')) !== -1) {
      const event = this.pending.slice(0, boundary);
      this.pending = this.pending.slice(boundary + 2);
      out += this.relayEvent(event);
    }
    return out;
  }

  /** Text of the output delivered so far (content, reasoning and tool-call arguments). */
  deliveredText(): string {
    return this.delivered.join('');
  }

  private relayEvent(event: string): string {
    if (event.length === 0) return '';
    const data = dataOf(event);
    if (data === null) return event + '\n\n';
    if (data === '[DONE]') {
      this.sawDone = true;
      return '';
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return event + '\n\n';
    }
    if (parsed.error) this.sawError = true;
    const usage = readUsage(parsed.usage);
    if (usage) this.usage = usage;
    const choices = Array.isArray(parsed.choices) ? (parsed.choices as Record<string, unknown>[]) : [];
    this.collectText(choices);
    if (usage && choices.length === 0 && this.options.hideUsageChunk) return '';
    if (this.options.rewriteModel !== null && typeof parsed.model === 'string' && parsed.model !== this.options.rewriteModel) {
      parsed.model = this.options.rewriteModel;
      return `data: ${JSON.stringify(parsed)}\n\n`;
    }
    return event + '\n\n';
  }

  private collectText(choices: Record<string, unknown>[]): void {
    for (const choice of choices) {
      if (typeof choice.text === 'string') this.delivered.push(choice.text);
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (!delta) continue;
      if (typeof delta.content === 'string') this.delivered.push(delta.content);
      if (typeof delta.reasoning_content === 'string') this.delivered.push(delta.reasoning_content);
      if (Array.isArray(delta.tool_calls)) {
        for (const call of delta.tool_calls as { function?: { arguments?: unknown } }[]) {
          if (typeof call.function?.arguments === 'string') this.delivered.push(call.function.arguments);
        }
      }
    }
  }
}

/** The `data:` payload of one event (multi-line data joined by newlines), or null if none. */
function dataOf(event: string): string | null {
  if (event.startsWith('data: ') && !event.includes('\n')) return event.slice(6);
  let data: string | null = null;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === null ? value : data + '\n' + value;
  }
  return data;
}

/** CRLF and CR to LF, leaving a trailing CR for the next chunk (it may be half of a CRLF). */
function normaliseNewlines(text: string): string {
  const keepTrailing = text.endsWith('\r');
  const body = (keepTrailing ? text.slice(0, -1) : text).replace(/\r\n?/g, '\n');
  return keepTrailing ? body + '\r' : body;
}
