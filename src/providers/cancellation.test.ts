import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('tells each listener once, and a listener added after the fact at once', () => {
    const cancellation = new Cancellation();
    const heard: string[] = [];
    cancellation.onCancel(() => heard.push('a'));
    const removeB = cancellation.onCancel(() => heard.push('b'));
    removeB();
    expect(cancellation.cancelled).toBe(false);
    cancellation.cancel();
    cancellation.cancel();
    expect(heard).toEqual(['a']);
    expect(cancellation.cancelled).toBe(true);
    cancellation.onCancel(() => heard.push('late'));
    expect(heard).toEqual(['a', 'late']);
  });

  it('aborts its signal, whether the signal was asked for before or after', () => {
    const early = new Cancellation();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.cancel();
    expect(signal.aborted).toBe(true);
    const late = new Cancellation();
    late.cancel();
    expect(late.signal.aborted).toBe(true);
  });
});
