import type { Locale } from '../../customers/types.js';
import type { InvoiceKind, InvoiceStatus } from '../types.js';

export interface Labels {
  kind: Record<InvoiceKind, string>;
  status: Record<InvoiceStatus, string>;
  draftNumber: string;
  number: string;
  statusLabel: string;
  issueDate: string;
  dueDate: string;
  period: string;
  from: string;
  billTo: string;
  taxId: string;
  /** Between a label and its value in running text. */
  colon: string;
  email: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  tax: (rate: string) => string;
  rounding: string;
  total: string;
  amountDue: string;
  amountPaid: string;
  /** What a line's unit reads as after its quantity; null for units that are not a count. */
  units: Record<string, string | null>;
}

/** Units that only say what a one-off line is: its quantity (always 1) is not shown. */
const notCounted = { discount: null, allowance: null, credit: null, adjustment: null, nanos: null };

const en: Labels = {
  kind: { invoice: 'Invoice', credit_note: 'Credit note' },
  status: { draft: 'Draft', finalized: 'Issued', paid: 'Paid', void: 'Void' },
  draftNumber: 'DRAFT',
  number: 'Number',
  statusLabel: 'Status',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  period: 'Billing period',
  from: 'From',
  billTo: 'Bill to',
  taxId: 'Tax ID',
  colon: ': ',
  email: 'Email',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  amount: 'Amount',
  subtotal: 'Subtotal',
  tax: (rate) => `Tax (${rate})`,
  rounding: 'Rounding',
  total: 'Total',
  amountDue: 'Amount due',
  amountPaid: 'Amount paid',
  units: {
    ...notCounted,
    period: 'period',
    tokens: 'tokens',
    input_tokens: 'input tokens',
    cached_input_tokens: 'cached input tokens',
    output_tokens: 'output tokens',
    requests: 'requests',
    images: 'images',
    audio_seconds: 'audio seconds',
  },
};

/**
 * A credit note is 贷项通知单: these documents are the operator's own, not official fapiao, so the
 * fapiao system's 红字发票 would claim more than they are.
 */
const zhCN: Labels = {
  kind: { invoice: '发票', credit_note: '贷项通知单' },
  status: { draft: '草稿', finalized: '已开具', paid: '已付款', void: '已作废' },
  draftNumber: '草稿',
  number: '编号',
  statusLabel: '状态',
  issueDate: '开具日期',
  dueDate: '付款截止日期',
  period: '计费周期',
  from: '开具方',
  billTo: '客户',
  taxId: '税号',
  colon: '：',
  email: '邮箱',
  description: '项目',
  quantity: '数量',
  unitPrice: '单价',
  amount: '金额',
  subtotal: '小计',
  tax: (rate) => `税额（${rate}）`,
  rounding: '舍入调整',
  total: '合计',
  amountDue: '应付金额',
  amountPaid: '已付金额',
  units: {
    ...notCounted,
    period: '期',
    tokens: 'token',
    input_tokens: '输入 token',
    cached_input_tokens: '缓存输入 token',
    output_tokens: '输出 token',
    requests: '次请求',
    images: '张图片',
    audio_seconds: '秒音频',
  },
};

export function labelsFor(locale: Locale): Labels {
  return locale === 'zh-CN' ? zhCN : en;
}
