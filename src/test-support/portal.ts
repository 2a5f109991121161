import type { TestGateway } from './gateway.js';
import { type Answer, ConsoleClient } from './cookie-jar.js';

/** Calls the admin API with an operator token, as a script would. */
export async function adminCall(t: TestGateway, token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${t.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer()) };
}

/** A member of the customer with this ref (created with a key if missing), signed in to the console. */
export async function signedInMember(t: TestGateway, customerRef: string, role: 'owner' | 'member', email = `${role}@${customerRef}.example`) {
  const { customerId } = await t.issueKey(customerRef);
  const { member, password } = await t.gateway.services.members.create(customerId, { email, name: `${customerRef} ${role}`, role });
  const browser = new ConsoleClient(t.url);
  const signedIn = await browser.signIn({ kind: 'member', email, password: password! });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`);
  return { browser, member, customerId };
}
