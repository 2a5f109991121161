import { Agent, request } from 'undici';

export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

const ERROR_TEXT_CHARS = 500;

/** POSTs one signed event over its own connection pool, so a slow receiver cannot stall /v1 traffic. */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number) {
    this.agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /** Never throws: a refused connection or a timeout is a result like any status code. */
  async post(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    try {
      const response = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs) });
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      const text = ok ? (await response.body.dump(), '') : await readStart(response.body);
      return { statusCode: response.statusCode, error: ok ? null : `HTTP ${response.statusCode}${text ? `: ${text}` : ''}` };
    } catch (error) {
      return { statusCode: null, error: describe(error) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Only the start of an error page is kept: enough to diagnose, never a huge row. */
async function readStart(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += chunk.toString('utf8');
      if (text.length >= ERROR_TEXT_CHARS) break;
    }
  } catch {
    // The status code already says it failed; a broken error body adds nothing.
  } finally {
    body.destroy();
  }
  return text.slice(0, ERROR_TEXT_CHARS).trim();
}

function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return (code ? `${code}: ${message}` : message).slice(0, ERROR_TEXT_CHARS);
}
