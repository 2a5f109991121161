import { setTimeout as sleep } from 'node:timers/promises';
import { countChatPromptTokens, countInputTokens, countTokens, type Encoding } from '../../tokenizer/tokenizer.js';
import type { SimSettings, Upstream } from '../../upstreams/types.js';
import type { Provider, ProviderRequest, ProviderResponse } from '../types.js';
import { UpstreamFailure } from '../types.js';
import { seededRandom } from '../../core/random.js';
import { seedOf, simulatedPieces } from './text.js';

const ENCODING: Encoding = 'o200k';
const DEFAULT_EMBEDDING_DIMENSIONS = 256;

interface Reply {
  pieces: string[];
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length';
}

/**
 * The built-in simulated model ("sim" upstream): answers in OpenAI's wire format with
 * deterministic text, token counts from a real tokenizer, and configurable latency. It exists for
 * the demo, tests and benchmarks, and says so in every answer (`system_fingerprint: "tollgate-sim"`).
 */
export class SimProvider implements Provider {
  private readonly settings: Required<SimSettings>;

  constructor(upstream: Upstream) {
    this.settings = { firstTokenMs: 0, tokensPerSecond: 0, ...upstream.settings.sim };
  }

  async send(request: ProviderRequest): Promise<ProviderResponse> {
    const model = String(request.body.model);
    if (request.endpoint === 'embeddings') {
      await this.wait(this.settings.firstTokenMs, request.cancellation.signal);
      return { kind: 'json', body: Buffer.from(JSON.stringify(embeddingResponse(model, request.body))) };
    }
    const reply = makeReply(request);
    const id = `${request.endpoint === 'completions' ? 'cmpl' : 'chatcmpl'}-sim${seedOf(JSON.stringify(request.body)).toString(16)}`;
    const created = Math.floor(Date.now() / 1000);
    if (!request.stream) {
      await this.wait(this.settings.firstTokenMs + this.generationMs(reply.completionTokens), request.cancellation.signal);
      const body = request.endpoint === 'completions' ? completionJson(id, created, model, reply) : chatJson(id, created, model, reply);
      return { kind: 'json', body: Buffer.from(JSON.stringify(body)) };
    }
    const controller = new AbortController();
    const includeUsage = (request.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    return {
      kind: 'stream',
      chunks: this.streamEvents(request, reply, { id, created, model, includeUsage }, AbortSignal.any([request.cancellation.signal, controller.signal])),
      cancel: () => controller.abort(),
    };
  }

  async close(): Promise<void> {}

  private generationMs(tokens: number): number {
    return this.settings.tokensPerSecond > 0 ? Math.round((tokens * 1000) / this.settings.tokensPerSecond) : 0;
  }

  private async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return;
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw new UpstreamFailure('aborted', 'Request aborted');
    }
  }

  private async *streamEvents(
    request: ProviderRequest,
    reply: Reply,
    meta: { id: string; created: number; model: string; includeUsage: boolean },
    signal: AbortSignal,
  ): AsyncIterable<Buffer> {
    const chat = request.endpoint === 'chat.completions';
    const object = chat ? 'chat.completion.chunk' : 'text_completion';
    const frame = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      Buffer.from(`data: ${JSON.stringify({ id: meta.id, object, created: meta.created, model: meta.model, system_fingerprint: 'tollgate-sim', choices, ...extra })}\n\n`);
    const choice = (delta: Record<string, unknown> | string, finishReason: string | null) =>
      chat
        ? { index: 0, delta, logprobs: null, finish_reason: finishReason }
        : { index: 0, text: delta, logprobs: null, finish_reason: finishReason };

    await this.wait(this.settings.firstTokenMs, signal);
    if (chat) yield frame([choice({ role: 'assistant', content: '', refusal: null }, null)]);
    const perPieceMs = this.generationMs(reply.completionTokens) / Math.max(1, reply.pieces.length);
    for (const piece of reply.pieces) {
      yield frame([choice(chat ? { content: piece } : piece, null)]);
      await this.wait(perPieceMs, signal);
    }
    yield frame([choice(chat ? {} : '', reply.finishReason)]);
    if (meta.includeUsage) yield frame([], { usage: usageOf(reply) });
    yield Buffer.from('data: [DONE]\n\n');
  }
}

function makeReply(request: ProviderRequest): Reply {
  const body = request.body;
  const promptTokens =
    request.endpoint === 'chat.completions' ? countChatPromptTokens(body.messages, ENCODING) : countInputTokens(body.prompt, ENCODING);
  const limit = maxTokensOf(body);
  let pieces = simulatedPieces(seedOf(JSON.stringify(body.messages ?? body.prompt ?? '') + String(body.model)));
  let completionTokens = countTokens(pieces.join(''), ENCODING);
  let finishReason: Reply['finishReason'] = 'stop';
  if (limit !== null && completionTokens > limit) {
    finishReason = 'length';
    while (pieces.length > 0 && completionTokens > limit) {
      pieces = pieces.slice(0, -1);
      completionTokens = countTokens(pieces.join(''), ENCODING);
    }
  }
  return { pieces, promptTokens, completionTokens, finishReason };
}

function maxTokensOf(body: Record<string, unknown>): number | null {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

function usageOf(reply: Reply) {
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: reply.completionTokens,
    total_tokens: reply.promptTokens + reply.completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function chatJson(id: string, created: number, model: string, reply: Reply) {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: 'tollgate-sim',
    choices: [
      { index: 0, message: { role: 'assistant', content: reply.pieces.join(''), refusal: null }, logprobs: null, finish_reason: reply.finishReason },
    ],
    usage: usageOf(reply),
  };
}

function completionJson(id: string, created: number, model: string, reply: Reply) {
  return {
    id,
    object: 'text_completion',
    created,
    model,
    system_fingerprint: 'tollgate-sim',
    choices: [{ index: 0, text: reply.pieces.join(''), logprobs: null, finish_reason: reply.finishReason }],
    usage: { prompt_tokens: reply.promptTokens, completion_tokens: reply.completionTokens, total_tokens: reply.promptTokens + reply.completionTokens },
  };
}

function embeddingResponse(model: string, body: Record<string, unknown>) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dimensions = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.min(body.dimensions, 4096) : DEFAULT_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const promptTokens = countInputTokens(body.input, ENCODING);
  return {
    object: 'list',
    model,
    data: inputs.map((input, index) => {
      const vector = unitVector(seedOf(JSON.stringify(input)), dimensions);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector) };
    }),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

function unitVector(seed: number, dimensions: number): Float32Array {
  const random = seededRandom(seed);
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    vector[i] = random() * 2 - 1;
    norm += vector[i]! * vector[i]!;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i] = vector[i]! * scale;
  return vector;
}
