import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';

describe('payment configuration', () => {
  it('is off unless configured', () => {
    const config = loadConfig({});
    expect(config.stripe).toEqual({ secretKey: null, webhookSecret: null, apiBase: null });
    expect(config.publicUrl).toBeNull();
  });

  it('reads the Stripe keys, an API host for a stand-in, and the public URL', () => {
    const config = loadConfig({
      TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_abc',
      TOLLGATE_STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      TOLLGATE_STRIPE_API_BASE: 'http://127.0.0.1:12111',
      TOLLGATE_PUBLIC_URL: 'https://api.example.com/',
    });
    expect(config.stripe).toEqual({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc', apiBase: { protocol: 'http', host: '127.0.0.1', port: 12111 } });
    expect(config.publicUrl).toBe('https://api.example.com');
    expect(loadConfig({ TOLLGATE_STRIPE_API_BASE: 'https://stripe.internal' }).stripe.apiBase).toEqual({ protocol: 'https', host: 'stripe.internal', port: 443 });
  });

  it('refuses values that cannot be what they claim', () => {
    expect(() => loadConfig({ TOLLGATE_STRIPE_SECRET_KEY: 'pk_test_publishable' })).toThrow(ConfigError);
    expect(() => loadConfig({ TOLLGATE_STRIPE_WEBHOOK_SECRET: 'sk_test_wrong_one' })).toThrow(/whsec_/);
    expect(() => loadConfig({ TOLLGATE_STRIPE_API_BASE: 'ftp://x' })).toThrow(/TOLLGATE_STRIPE_API_BASE/);
    expect(() => loadConfig({ TOLLGATE_PUBLIC_URL: 'api.example.com' })).toThrow(/TOLLGATE_PUBLIC_URL/);
  });
});
