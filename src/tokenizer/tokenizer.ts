import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * Token counting for when an upstream reports no usage (a stream cut short, a server that never
 * reports it) and for the simulated model. Two real BPE encodings ship with the package, so no
 * download is needed: o200k (GPT-4o and later) and cl100k (GPT-4, GPT-3.5, and the default
 * approximation for other families, whose own tokenizers are not bundled).
 */
export type Encoding = 'o200k' | 'cl100k';

const encoders = new Map<Encoding, Tiktoken>();

function encoder(encoding: Encoding): Tiktoken {
  let found = encoders.get(encoding);
  if (!found) {
    found = new Tiktoken(encoding === 'o200k' ? o200k : cl100k);
    encoders.set(encoding, found);
  }
  return found;
}

/** The encoding for a model name: exact for OpenAI families, an approximation for the rest. */
export function encodingForModel(model: string): { encoding: Encoding; exact: boolean } {
  const name = model.toLowerCase();
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|gpt-oss)/.test(name)) return { encoding: 'o200k', exact: true };
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(name)) return { encoding: 'cl100k', exact: true };
  return { encoding: 'cl100k', exact: false };
}

export function countTokens(text: string, encoding: Encoding): number {
  return text.length === 0 ? 0 : encoder(encoding).encode(text, 'all').length;
}

export function splitTokens(text: string, encoding: Encoding): string[] {
  const enc = encoder(encoding);
  return enc.encode(text, 'all').map((token) => enc.decode([token]));
}

interface ChatMessage {
  role?: unknown;
  name?: unknown;
  content?: unknown;
}

/** Text of a message's content: a string, or the text parts of a content array. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .join('');
}

/**
 * Prompt tokens of a chat request by OpenAI's published accounting: 3 tokens of framing per
 * message, 1 more for a name, and 3 that prime the reply.
 */
export function countChatPromptTokens(messages: unknown, encoding: Encoding): number {
  if (!Array.isArray(messages)) return 0;
  let total = 3;
  for (const message of messages as ChatMessage[]) {
    total += 3;
    if (typeof message.role === 'string') total += countTokens(message.role, encoding);
    if (typeof message.name === 'string') total += 1 + countTokens(message.name, encoding);
    total += countTokens(messageText(message.content), encoding);
  }
  return total;
}

/** Prompt tokens of a completions or embeddings input (string, or array of strings). */
export function countInputTokens(input: unknown, encoding: Encoding): number {
  if (typeof input === 'string') return countTokens(input, encoding);
  if (Array.isArray(input)) return input.reduce((sum: number, item) => sum + (typeof item === 'string' ? countTokens(item, encoding) : Array.isArray(item) ? item.length : 0), 0);
  return 0;
}
