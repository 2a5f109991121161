import type { Customer, List } from '../api/types.js';
import { useGet } from './useResource.js';

/** Customer names by id, for views whose data names customers only by id. */
export function useCustomerNames(): { customers: Customer[]; nameOf(id: string): string } {
  const list = useGet<List<Customer>>('/admin/v1/customers', { limit: 1000 });
  const customers = list.status === 'ready' ? list.data.data : [];
  return { customers, nameOf: (id) => customers.find((c) => c.id === id)?.name ?? id };
}
